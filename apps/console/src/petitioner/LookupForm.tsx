/** The number and the 查询码, each with its label; Enter in either field submits. The code is never put in the URL. */
import { useState, type FormEvent } from 'react';
import { Button, Input } from 'antd-mobile';

/** The code as printed (ABCD-EFGH-JKLM), whether typed with spaces, without dashes or in lower case. */
export function normalizeCode(typed: string): string {
  const bare = typed.replace(/[\s-]/g, '').toUpperCase();
  return bare.length === 12 ? `${bare.slice(0, 4)}-${bare.slice(4, 8)}-${bare.slice(8)}` : typed.trim();
}

export function LookupForm(props: { initialId: string; busy: boolean; onSubmit(id: string, code: string): void }) {
  const [id, setId] = useState(props.initialId);
  const [code, setCode] = useState('');
  const ready = id.trim() !== '' && code.trim() !== '';
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (ready && !props.busy) props.onSubmit(id.trim(), normalizeCode(code));
  };
  return (
    <form className="pt-card pt-form" onSubmit={submit} aria-label="查询信访事项">
      <div className="pt-field">
        <label htmlFor="petition-id">信访件编号</label>
        <Input
          id="petition-id"
          value={id}
          onChange={setId}
          placeholder="如 示县信〔2026〕第00123号；网上信访可填提交编号"
          autoComplete="off"
          enterKeyHint="next"
        />
      </div>
      <div className="pt-field">
        <label htmlFor="query-code">查询码</label>
        <Input
          id="query-code"
          value={code}
          onChange={setCode}
          placeholder="如 ABCD-EFGH-JKLM"
          autoComplete="off"
          autoCapitalize="characters"
          autoCorrect="off"
          enterKeyHint="search"
          onEnterPress={() => submit()}
        />
      </div>
      <Button type="submit" color="primary" block loading={props.busy} disabled={!ready}>
        查询
      </Button>
    </form>
  );
}
