/**
 * A scene file: what a link holds, for a scene whose link is too long to send. It is a small JSON file
 * with the link's own fragment inside, so it decodes through decodeScene like any link (same checks,
 * same messages). Pure: text in, text out.
 */
import { MAX_URL_LENGTH } from './format.ts';

export const SCENE_FILE_FORMAT = 'loss-explorer-scene';
export const SCENE_FILE_VERSION = 1;

/**
 * Links longer than this are not offered as links: browsers other than Chrome refuse or cut URLs of
 * tens of kilobytes. The page offers a scene file instead.
 */
export const LONG_LINK_LENGTH = 64_000;

/** The file's text for a link fragment (`v=1&s=…`, no `#`). */
export function sceneFileText(fragment: string): string {
  return `${JSON.stringify({ format: SCENE_FILE_FORMAT, version: SCENE_FILE_VERSION, link: fragment }, null, 2)}\n`;
}

/** The link fragment inside a scene file, or a message naming the file and the problem. */
export function linkFromSceneFile(
  text: string,
  name: string,
): { ok: true; link: string } | { ok: false; message: string } {
  const bad = (problem: string) => ({ ok: false as const, message: `${name}: ${problem}` });
  if (text.length > MAX_URL_LENGTH + 1000) return bad('is too large to be a Loss Explorer scene file');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return bad('is not a Loss Explorer scene file (not JSON)');
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== SCENE_FILE_FORMAT) {
    return bad(`is not a Loss Explorer scene file (no "format": "${SCENE_FILE_FORMAT}")`);
  }
  const { version, link } = json as { version?: unknown; link?: unknown };
  if (version !== SCENE_FILE_VERSION)
    return bad(`is a scene file of version ${String(version)}; this page reads version ${SCENE_FILE_VERSION}`);
  if (typeof link !== 'string' || link === '') return bad('holds no scene (no "link")');
  return { ok: true, link };
}
