/**
 * A person as people read them: the name (张三) the API returns beside the id. An auditor, who
 * identifies accounts, also sees the login id, secondary and marked `data-login-id` (the browser
 * walk's check for ids on screen leaves such text out).
 */
import { Typography } from 'antd';

export function PersonName({
  name,
  userId,
  showLoginId = false,
}: {
  name: string | null | undefined;
  userId: string | null | undefined;
  showLoginId?: boolean;
}) {
  if (!userId) return <>系统</>;
  return (
    <>
      {name ?? '（未知人员）'}
      {showLoginId && (
        <Typography.Text type="secondary" data-login-id title={`登录名 ${userId}`}>
          {` [${userId}]`}
        </Typography.Text>
      )}
    </>
  );
}
