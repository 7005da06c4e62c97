import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type KubeObject, renderKustomization } from '../src/render.js';

export const K8S_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Every overlay under k8s/overlays: a new one is checked without editing the tests. */
export const OVERLAYS = readdirSync(join(K8S_DIR, 'overlays'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** Overlays for a one-node cluster, where a ReadWriteOnce volume can be shared. */
export const SINGLE_NODE_OVERLAYS = new Set(['local']);

const cache = new Map<string, KubeObject[]>();

/** The rendered objects of a folder under k8s/ (an overlay, or a test fixture). */
export function render(folder: string): KubeObject[] {
  let objects = cache.get(folder);
  if (!objects) {
    objects = renderKustomization(join(K8S_DIR, folder));
    cache.set(folder, objects);
  }
  return objects;
}

export const renderOverlay = (overlay: string) => render(join('overlays', overlay));

/** The object of that kind and name; `Fields` types the parts a test reads. */
export function findObject<Fields extends object = object>(
  objects: readonly KubeObject[],
  kind: string,
  name: string,
): KubeObject & Fields {
  const found = objects.find(
    (object) =>
      object.kind === kind &&
      // Generated ConfigMaps and Secrets carry a content hash after their name.
      (object.metadata.name === name || object.metadata.name.startsWith(`${name}-`)),
  );
  if (!found) throw new Error(`no ${kind}/${name} among the rendered objects`);
  return found as KubeObject & Fields;
}
