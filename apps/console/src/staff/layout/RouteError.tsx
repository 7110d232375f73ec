/**
 * What a screen shows when it cannot render, instead of react-router's developer page. The usual
 * cause in an office: a tab left open across a redeploy asks for a screen's chunk by its old hashed
 * name, which the new build no longer has; reloading fetches the new index and its chunks. Any
 * other error is logged (there is no client-error endpoint on the API) and offered the same reload.
 */
import { Button, Result } from 'antd';
import { useEffect } from 'react';
import { isRouteErrorResponse, useRouteError } from 'react-router';

/** The messages browsers give when a dynamic import() cannot be fetched or evaluated. */
const STALE_CHUNK =
  /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed|Unable to preload CSS|Loading (CSS )?chunk/i;

export function isStaleChunkError(error: unknown): boolean {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return STALE_CHUNK.test(message);
}

export function RouteError() {
  const error = useRouteError();
  const stale = isStaleChunkError(error);
  useEffect(() => {
    console.error(
      stale ? '[console] a screen of an older build is gone; reload offered' : '[console] screen error',
      error,
    );
  }, [error, stale]);
  const reload = (
    <Button type="primary" key="reload" onClick={() => window.location.reload()}>
      刷新
    </Button>
  );
  if (stale)
    return (
      <Result
        status="info"
        title="页面已更新，请刷新"
        subTitle="系统已发布新版本，刷新后即可继续使用。"
        extra={[reload]}
      />
    );
  if (isRouteErrorResponse(error) && error.status === 404)
    return <Result status="404" title="页面不存在" extra={[reload]} />;
  return (
    <Result
      status="error"
      title="页面出错，请刷新重试"
      subTitle="如果问题仍然存在，请联系系统管理员。"
      extra={[reload]}
    />
  );
}
