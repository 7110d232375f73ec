/** The scanned 送达回证 a delivery points at: one of the case's current 送达回证 materials (optional). */
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useParams } from 'react-router';
import { api, call } from '../../api/client';

export function MaterialPicker(control: Record<string, unknown>) {
  const { id = '' } = useParams();
  const materials = useQuery({
    queryKey: ['petition', id, 'materials'],
    queryFn: () => call(api.GET('/petitions/{id}/materials', { params: { path: { id } } })),
    enabled: id !== '',
  });
  return (
    <Select
      {...control}
      allowClear
      placeholder="选择已上传的送达回证（可不选）"
      loading={materials.isLoading}
      options={(materials.data ?? [])
        .filter((m) => m.kind === 'deliveryReceipt' && !m.superseded)
        .map((m) => ({ value: m.fileId, label: `${m.caption || m.fileName}（第${m.version}版）` }))}
    />
  );
}
