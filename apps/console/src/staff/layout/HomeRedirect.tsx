import { Navigate } from 'react-router';
import { useMe } from '../session';
import { navigationFor } from './navigation';

/** Each role starts on its first screen: the registrar's routing queue, the handler's queue, … */
export function HomeRedirect() {
  const me = useMe();
  return <Navigate to={navigationFor(me.role)[0]?.path ?? '/cases'} replace />;
}
