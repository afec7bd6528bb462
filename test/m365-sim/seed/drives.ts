/** OneDrive and library content: files with versions and a nested folder tree. */
import { folderData, type Drive } from '../drive.ts';
import type { DriveItemData, DriveItemVersion } from '../model/drive-items.ts';
import { Rng, hash32 } from '../random.ts';
import type { Tenant } from '../tenant.ts';
import { DAY, WORLD_EPOCH, isoAt } from '../world.ts';

export function fileData(
  name: string,
  parentKey: number,
  seed: number,
  size: number,
  when: string,
  by: string,
  versions: number,
): DriveItemData {
  const ext = name.split('.').pop()?.toLowerCase() ?? '';
  const mimeType =
    {
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      pdf: 'application/pdf',
      jpg: 'image/jpeg',
      png: 'image/png',
      mp4: 'video/mp4',
      txt: 'text/plain',
      csv: 'text/csv',
      zip: 'application/zip',
    }[ext] ?? 'application/octet-stream';
  const vs: DriveItemVersion[] = [];
  const whenMs = Date.parse(when);
  for (let v = 1; v < versions; v++) {
    vs.push({
      id: `${v}.0`,
      lastModifiedDateTime: isoAt(whenMs - (versions - v) * DAY),
      content: { size: Math.max(1, size - (versions - v) * 777), seed: seed + v },
    });
  }
  return {
    name,
    parentKey,
    folder: false,
    mimeType,
    content: { size, seed },
    versions: vs,
    createdDateTime: isoAt(whenMs - versions * DAY),
    lastModifiedDateTime: when,
    createdBy: by,
    eTagVersion: versions,
    cTagVersion: versions,
  };
}

/** Nested folders and files from a few bytes to (for the first user) more than 25 MB. */
export function populateDrive(t: Tenant, d: Drive, tag: string, big: boolean): void {
  const r = Rng.of(t.seed, 'drive', tag);
  const by = d.owner.displayName;
  const when = (n: number) => isoAt(WORLD_EPOCH - n * DAY);
  const folder = (name: string, parent: number) =>
    d.items.seed('', folderData(name, parent, by, when(300), when(r.int(1, 200)))).key;
  const docs = folder('Documents', d.rootKey);
  const reports = folder('Reports 2025', docs);
  const deep = folder('Q2 — Entwürfe', reports);
  const photos = folder('Pictures', d.rootKey);
  const file = (name: string, parent: number, size: number, versions = 1) =>
    d.items.seed(
      '',
      fileData(name, parent, hash32(t.seed, tag, name), size, when(r.int(1, 250)), by, versions),
    );
  file('empty.txt', d.rootKey, 0);
  file('hello.txt', d.rootKey, 12);
  file('Budget.xlsx', docs, r.int(20_000, 90_000), 3);
  file('Contract — signed.pdf', docs, r.int(200_000, 900_000), 2);
  file('Weekly report.docx', reports, r.int(30_000, 120_000), 4);
  file('notes ünïcödé.txt', deep, r.int(100, 3000));
  file('warehouse.jpg', photos, r.int(500_000, 2_500_000));
  file('exports.csv', reports, 1_048_576 + 17);
  if (big) file('site walkthrough.mp4', photos, 26 * 1024 * 1024 + 123, 2);
}
