import { ApiError } from '../errors.js';
import type { SimulatorResource } from './define.js';
import { renderObjectStorage, visible } from './backup-repositories.js';

/**
 * `GET /ObjectStorageRepositories/{id}` of v5-v7: the object storage a repository names by
 * `objectStorageId` (v8 nests it in the repository and has no such route).
 */
export default {
  routes: [
    {
      pattern: ['objectstoragerepositories', '{id}'],
      versions: ['v5', 'v6', 'v7'],
      read: (context) => {
        const id = context.ids[0] ?? '';
        const found = visible(context).find((r) => r.objectStorage?.id === id)?.objectStorage ?? undefined;
        if (found === undefined) throw new ApiError(404, `Object storage repository with ID '${id}' was not found.`);
        return renderObjectStorage(context, found, false);
      },
    },
  ],
} satisfies SimulatorResource;
