import { Alert } from 'antd';
import { ApiError } from '../../api/errors';

/** A refusal or failure shown in place, in the API's own words. */
export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error);
  return <Alert type="error" showIcon role="alert" title={message} style={{ marginBottom: 16 }} />;
}
