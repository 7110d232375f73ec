/** 登记回执: opens the receipt PDF (number, 查询码, office, what happens next and by when, a QR code). */
import { Button, Typography } from 'antd';
import { useState } from 'react';
import { openPdf } from '../../api/client';
import { ApiError } from '../../api/errors';

export function ReceiptButton({ petitionId, type = 'default' }: { petitionId: string; type?: 'default' | 'primary' }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const open = async () => {
    setPending(true);
    setError(null);
    try {
      await openPdf(`/petitions/${encodeURIComponent(petitionId)}/receipt`);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : '登记回执打开失败，请稍后重试');
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <Button type={type} onClick={() => void open()} loading={pending} data-testid="open-receipt">
        打印登记回执
      </Button>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </>
  );
}
