/**
 * A refusal shown in place: on the form field the API names (e.g. a password too short), else as
 * an alert above the form (returned for ErrorAlert).
 */
import type { FormInstance } from 'antd';
import { ApiError, formFieldOf } from '../../api/errors';

export function showRefusal(form: FormInstance, fields: readonly string[], error: unknown): unknown {
  const path = formFieldOf(error, '');
  if (error instanceof ApiError && path && fields.includes(path[0])) {
    form.setFields([{ name: path[0], errors: [error.message] }]);
    return null;
  }
  return error;
}
