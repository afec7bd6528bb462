// The account's tags (shared by every task's mailbox list).
import { createTag, listTags } from '../api/backup';
import type { Tag } from '../api/backup-types';
import { errorText } from '../api/http';

export class TagStore {
  tags = $state<Tag[]>([]);
  loadError = $state<string | null>(null);

  async load(): Promise<void> {
    this.loadError = null;
    try {
      this.tags = (await listTags()).tags;
    } catch (error) {
      this.loadError = errorText(error, 'The tags could not be loaded.');
    }
  }

  async create(name: string, limitedAccess: boolean): Promise<Tag> {
    const { tag } = await createTag(name, limitedAccess);
    this.tags = [...this.tags, tag].sort((a, b) => a.name.localeCompare(b.name));
    return tag;
  }
}
