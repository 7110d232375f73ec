/**
 * 案件材料 on the case page: an upload area (kind and caption, then drop files; progress, and a
 * retry that reuses the file's Idempotency-Key) for staff who may attach, and the list of every
 * version with kind, caption, size, uploader, time; images show a thumbnail, PDFs and images open
 * in the browser's own viewer, everything can be saved.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Image, Input, Progress, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { MATERIAL_KINDS, MATERIAL_ROLES } from '@/libs/process/materials';
import { api, call, downloadFile, fetchBlob, openPdf } from '../../api/client';
import type { Schemas } from '../../api/client';
import { MATERIAL_KIND_LABELS, labelOf } from '../../shared/labels';
import { formatInstant } from '../../shared/time';
import { ErrorAlert } from '../common/ErrorAlert';
import { useMe } from '../session';
import { uploadMaterial } from './material-upload';

type Material = Schemas['MaterialView'];

interface Pending {
  uid: string;
  file: File;
  kind: string;
  caption: string;
  idempotencyKey: string;
  percent: number;
  error: string | null;
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const materialPath = (petitionId: string, fileId: string) => `/petitions/${petitionId}/materials/${fileId}`;

/** An image's thumbnail, fetched with the session's token. */
function Thumbnail({ petitionId, material }: { petitionId: string; material: Material }) {
  const blob = useQuery({
    queryKey: ['material-thumbnail', material.fileId],
    queryFn: async () => URL.createObjectURL(await fetchBlob(materialPath(petitionId, material.fileId))),
    staleTime: Infinity,
  });
  if (!blob.data) return null;
  return <Image src={blob.data} width={48} height={48} style={{ objectFit: 'cover' }} alt={material.caption} />;
}

export function CaseMaterials({ petitionId }: { petitionId: string }) {
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<string>('petitionLetter');
  const [caption, setCaption] = useState('');
  const [pending, setPending] = useState<Pending[]>([]);
  const materials = useQuery({
    queryKey: ['petition', petitionId, 'materials'],
    queryFn: () => call(api.GET('/petitions/{id}/materials', { params: { path: { id: petitionId } } })),
  });
  const mayUpload = (MATERIAL_ROLES as readonly string[]).includes(me.role);
  const failed = (error: unknown) => message.error(error instanceof Error ? error.message : String(error));
  const update = (uid: string, change: Partial<Pending>) =>
    setPending((list) => list.map((p) => (p.uid === uid ? { ...p, ...change } : p)));

  async function send(item: Pending): Promise<void> {
    update(item.uid, { error: null, percent: 0 });
    try {
      await uploadMaterial({
        petitionId,
        file: item.file,
        kind: item.kind,
        caption: item.caption,
        idempotencyKey: item.idempotencyKey,
        onProgress: (percent) => update(item.uid, { percent }),
      });
      setPending((list) => list.filter((p) => p.uid !== item.uid));
      await queryClient.invalidateQueries({ queryKey: ['petition', petitionId] });
    } catch (error) {
      update(item.uid, { error: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {mayUpload && (
        <>
          <Space wrap>
            <Select
              value={kind}
              onChange={setKind}
              style={{ width: 140 }}
              aria-label="材料种类"
              options={MATERIAL_KINDS.map((k) => ({ value: k, label: MATERIAL_KIND_LABELS[k] }))}
            />
            <Input
              value={caption}
              onChange={(e) => setCaption(e.target.value)}
              maxLength={200}
              placeholder="说明（如：信访人来信扫描件）"
              style={{ width: 320 }}
              aria-label="材料说明"
            />
          </Space>
          <Upload.Dragger
            multiple
            showUploadList={false}
            data-testid="material-upload"
            customRequest={({ file }) => {
              const item: Pending = {
                uid: crypto.randomUUID(),
                file: file as File,
                kind,
                caption,
                idempotencyKey: crypto.randomUUID(),
                percent: 0,
                error: null,
              };
              setPending((list) => [...list, item]);
              void send(item);
            }}
          >
            <p>点击或将文件拖到此处上传</p>
            <Typography.Text type="secondary">
              PDF、图片（JPEG、PNG、GIF、WebP、TIFF）或办公文档；按文件内容核验格式
            </Typography.Text>
          </Upload.Dragger>
          {pending.map((item) => (
            <Space key={item.uid} style={{ width: '100%' }} wrap>
              <Typography.Text>{item.file.name}</Typography.Text>
              <Progress
                percent={item.percent}
                size="small"
                style={{ width: 200 }}
                status={item.error ? 'exception' : 'active'}
              />
              {item.error && (
                <>
                  <Typography.Text type="danger">{item.error}</Typography.Text>
                  <Button size="small" onClick={() => void send(item)}>
                    重试
                  </Button>
                  <Button size="small" onClick={() => setPending((list) => list.filter((p) => p.uid !== item.uid))}>
                    放弃
                  </Button>
                </>
              )}
            </Space>
          ))}
        </>
      )}
      <ErrorAlert error={materials.error} />
      <Table
        rowKey="fileId"
        size="small"
        pagination={false}
        loading={materials.isLoading}
        dataSource={materials.data ?? []}
        locale={{ emptyText: '尚无材料' }}
        data-testid="case-materials"
        columns={[
          {
            title: '',
            key: 'thumbnail',
            width: 64,
            render: (_, m) =>
              m.mediaType.startsWith('image/') ? <Thumbnail petitionId={petitionId} material={m} /> : null,
          },
          { title: '种类', key: 'kind', render: (_, m) => labelOf(MATERIAL_KIND_LABELS, m.kind) },
          { title: '说明', key: 'caption', render: (_, m) => m.caption || m.fileName },
          { title: '大小', key: 'size', render: (_, m) => sizeText(m.byteLength) },
          { title: '上传人', key: 'uploader', render: (_, m) => m.uploaderName ?? m.uploadedBy },
          { title: '上传时间', key: 'uploadedAt', render: (_, m) => formatInstant(m.uploadedAt) },
          {
            title: '版本',
            key: 'version',
            render: (_, m) => (
              <Space>
                {`第${m.version}版`}
                {m.superseded && <Tag>已被新版本替换</Tag>}
              </Space>
            ),
          },
          {
            title: '操作',
            key: 'open',
            render: (_, m) => (
              <Space>
                {(m.mediaType === 'application/pdf' || m.mediaType.startsWith('image/')) && (
                  <Button size="small" onClick={() => openPdf(materialPath(petitionId, m.fileId)).catch(failed)}>
                    打开
                  </Button>
                )}
                <Button
                  size="small"
                  onClick={() => downloadFile(materialPath(petitionId, m.fileId), m.fileName).catch(failed)}
                >
                  下载
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
