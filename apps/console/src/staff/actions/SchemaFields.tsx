/** The form fields of an action's `args`, one widget per JSON schema type (see schema.ts). */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import type { Rule } from 'antd/es/form';
import { UnitPicker } from '../common/UnitPicker';
import { MaterialPicker } from './MaterialPicker';
import { argLabel, enumLabel } from './labels';
import { fieldsOf, placeholderOf, type FieldSpec } from './schema';

function rulesOf(field: FieldSpec): Rule[] {
  const rules: Rule[] = [];
  if (field.required) rules.push({ required: true, message: `请填写${argLabel(field.name)}` });
  const { maxLength, minimum, maximum } = field.schema;
  if (maxLength !== undefined && (field.kind === 'text' || field.kind === 'longText'))
    rules.push({ max: maxLength, message: `不超过 ${maxLength} 字` });
  if (field.kind === 'number' && (minimum !== undefined || maximum !== undefined))
    rules.push({
      type: 'number',
      min: minimum,
      max: maximum,
      message: `应在 ${minimum ?? '—'} 至 ${maximum ?? '—'} 之间`,
    });
  return rules;
}

/** The control of one field; Form.Item hands it `id`, `value` and `onChange`, passed on as `control`. */
function Widget({ field, example, ...control }: { field: FieldSpec; example: unknown; [prop: string]: unknown }) {
  const placeholder = placeholderOf(example);
  switch (field.kind) {
    case 'unit':
      return <UnitPicker {...control} />;
    case 'document':
      return <Input {...control} readOnly />;
    case 'material':
      return <MaterialPicker {...control} />;
    case 'longText':
      return (
        <Input.TextArea
          {...control}
          rows={3}
          placeholder={placeholder}
          showCount={field.schema.maxLength !== undefined}
          maxLength={field.schema.maxLength}
        />
      );
    case 'enum':
      return (
        <Select
          {...control}
          placeholder="请选择"
          options={(field.schema.enum ?? []).map((value) => ({
            value: value as string,
            label: enumLabel(field.name, value),
          }))}
        />
      );
    case 'number':
      return (
        <InputNumber
          {...control}
          style={{ width: 200 }}
          min={field.schema.minimum}
          max={field.schema.maximum}
          placeholder={placeholder}
        />
      );
    case 'boolean':
      return <Switch {...control} />;
    // To the second: a delivery recorded the minute its reply was issued is not "before the reply".
    case 'instant':
      return (
        <DatePicker
          {...control}
          showTime={{ format: 'HH:mm:ss' }}
          format="YYYY-MM-DD HH:mm:ss"
          placeholder="选择日期和时间"
        />
      );
    case 'date':
      return <DatePicker {...control} format="YYYY-MM-DD" placeholder="选择日期" />;
    default:
      return <Input {...control} placeholder={placeholder} maxLength={field.schema.maxLength} />;
  }
}

function ObjectList({ field, example }: { field: FieldSpec; example: unknown }) {
  const itemFields = fieldsOf(field.schema.items ?? {});
  const itemExample = (Array.isArray(example) ? example[0] : undefined) as Record<string, unknown> | undefined;
  return (
    <Form.List
      name={field.name}
      rules={
        field.required
          ? [
              {
                validator: async (_, items) =>
                  items?.length ? undefined : Promise.reject(new Error(`请添加${argLabel(field.name)}`)),
              },
            ]
          : []
      }
    >
      {(rows, { add, remove }, { errors }) => (
        <Form.Item label={argLabel(field.name)} required={field.required}>
          {rows.map((row) => (
            <Space key={row.key} align="start" wrap>
              {itemFields.map((item) => (
                <Form.Item
                  key={item.name}
                  name={[row.name, item.name]}
                  label={argLabel(item.name)}
                  rules={rulesOf(item)}
                  valuePropName={item.kind === 'boolean' ? 'checked' : 'value'}
                >
                  <Widget field={item} example={itemExample?.[item.name]} />
                </Form.Item>
              ))}
              <MinusCircleOutlined aria-label="删除" onClick={() => remove(row.name)} />
            </Space>
          ))}
          <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
            添加
          </Button>
          <Form.ErrorList errors={errors} />
        </Form.Item>
      )}
    </Form.List>
  );
}

export function SchemaFields({ fields, example }: { fields: FieldSpec[]; example: Record<string, unknown> }) {
  return (
    <>
      {fields.map((field) =>
        field.kind === 'objectList' ? (
          <ObjectList key={field.name} field={field} example={example[field.name]} />
        ) : (
          <Form.Item
            key={field.name}
            name={field.name}
            label={argLabel(field.name)}
            rules={rulesOf(field)}
            valuePropName={field.kind === 'boolean' ? 'checked' : 'value'}
          >
            <Widget field={field} example={example[field.name]} />
          </Form.Item>
        ),
      )}
    </>
  );
}
