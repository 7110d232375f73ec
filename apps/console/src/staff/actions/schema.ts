/**
 * Reads an action's `args` JSON schema (as `GET /petitions/{id}/actions` sends it, references
 * inlined) into the form fields the console draws, and turns the form's values back into `args`.
 * The schema is the API's; the console only chooses a widget per field and a Chinese label.
 */
import type { Dayjs } from 'dayjs';
import { pickedDateToWire, pickedInstantToWire } from '../common/shanghai-picker';

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  description?: string;
  example?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

export type FieldKind =
  | 'unit'
  | 'document'
  | 'material'
  | 'text'
  | 'longText'
  | 'enum'
  | 'number'
  | 'boolean'
  | 'instant'
  | 'date'
  | 'objectList';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required: boolean;
  schema: JsonSchema;
}

/** Free text a unit writes at length (the grounds of a reply, reasons, reports): a TextArea. */
const LONG_TEXT = new Set(['facts', 'reasons', 'reason', 'legalBasis', 'instructions', 'feedback', 'summary', 'note']);
const DATE_PATTERN = /YYYY-MM-DD|\\d\{4\}-\\d\{2\}-\\d\{2\}/;

function typeOf(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
}

export function kindOf(name: string, schema: JsonSchema, action?: string): FieldKind {
  const type = typeOf(schema);
  if (/unitId$/i.test(name) && type === 'string') return 'unit';
  if (name === 'documentId' && action === 'recordDelivery') return 'document';
  if (name === 'receiptFileId') return 'material';
  if (schema.enum) return 'enum';
  if (type === 'integer' || type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'array' && schema.items && typeOf(schema.items) === 'object') return 'objectList';
  if (schema.format === 'date-time') return 'instant';
  if (schema.format === 'date' || (schema.pattern && DATE_PATTERN.test(schema.pattern))) return 'date';
  return LONG_TEXT.has(name) ? 'longText' : 'text';
}

export function fieldsOf(schema: JsonSchema, action?: string): FieldSpec[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    kind: kindOf(name, property, action),
    required: required.has(name),
    schema: property,
  }));
}

function isDayjs(value: unknown): value is Dayjs {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Dayjs).isValid === 'function' &&
    typeof (value as Dayjs).toDate === 'function'
  );
}

/** Form values → `args`: dates and instants in the wire's format, empty optional fields left out. */
export function argsOf(fields: FieldSpec[], values: Record<string, unknown>): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (value === undefined || value === null || value === '') continue;
    if (field.kind === 'instant' && isDayjs(value)) args[field.name] = pickedInstantToWire(value);
    else if (field.kind === 'date' && isDayjs(value)) args[field.name] = pickedDateToWire(value);
    else if (field.kind === 'objectList' && Array.isArray(value)) {
      const itemFields = fieldsOf(field.schema.items ?? {});
      args[field.name] = value.map((item) => argsOf(itemFields, (item ?? {}) as Record<string, unknown>));
    } else args[field.name] = field.kind === 'text' && takesBoolean(field.schema) ? asBoolean(value) : value;
  }
  return args;
}

/** A value that may be text or a yes/no (correctRegistration's `value` for urgent or collective). */
function takesBoolean(schema: JsonSchema): boolean {
  return [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].some((s) => typeOf(s) === 'boolean');
}
const YES_NO: Record<string, boolean> = { true: true, false: false, 是: true, 否: false };
function asBoolean(value: unknown): unknown {
  return typeof value === 'string' && value.trim() in YES_NO ? YES_NO[value.trim()] : value;
}

/** The example value as placeholder text (the example prefills nothing). */
export function placeholderOf(example: unknown): string | undefined {
  if (example === undefined || example === null || typeof example === 'object') return undefined;
  // A person is named by login id in the request (x-handler); the example would teach a clerk a demo account.
  if (typeof example === 'string' && /^[a-z]+(?:-[a-z]+)+$/.test(example)) return '人员登录名';
  return `例：${String(example)}`;
}
