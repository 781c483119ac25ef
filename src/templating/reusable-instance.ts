/**
 * One compiled docxtemplater instance, filled again and again. docxtemplater (3.71) refuses a
 * second render and keeps three things from the first: the flag that refuses, the map of
 * parts to their data, and each part's scope (which holds the data). Reset, the compiled
 * template renders the next data to the same bytes as a fresh instance would; that is checked
 * for every template and form in template-renderer.test.ts, so a docxtemplater that keeps
 * other state fails there, not in a plan.
 *
 * After a fill its document leaves the instance: the filled parts come out of the zip (a fill
 * writes every one of them again) and the data is let go, so no plan stays in memory until
 * the next fill.
 */
import type Docxtemplater from 'docxtemplater';

/** The fields of docxtemplater's instance this module touches (not in its public types). */
interface FillState {
  rendered: boolean;
  mapper?: unknown;
  scopeManagers: Record<string, unknown>;
  /** Each part's compiled template; a render leaves its scope (with the data) on it. */
  compiled: Record<string, { scopeManager?: unknown }>;
  data?: unknown;
  /** Passes options to every module (docxtemplater's own way of telling them the data). */
  setModules(options: { data: unknown }): void;
}

const state = (doc: Docxtemplater) => doc as unknown as FillState;

/** True when the instance has the fields a refill resets (false for a docxtemplater that changed them). */
export function isReusable(doc: Docxtemplater): boolean {
  const s = state(doc);
  return typeof s.rendered === 'boolean' && typeof s.scopeManagers === 'object' && typeof s.compiled === 'object' && Object.keys(s.compiled).length > 0;
}

/** Makes a compiled instance ready for its next fill. */
export function readyForFill(doc: Docxtemplater): void {
  const s = state(doc);
  s.rendered = false;
  s.mapper = undefined;
  s.scopeManagers = {};
}

/** Takes the last fill's document out of the instance: its filled parts, and every reference to its data. */
export function clearFill(doc: Docxtemplater): void {
  const s = state(doc);
  const zip = doc.getZip();
  for (const [part, compiled] of Object.entries(s.compiled)) {
    zip.remove(part);
    compiled.scopeManager = undefined;
  }
  s.mapper = undefined;
  s.scopeManagers = {};
  s.data = undefined;
  // The render module keeps the data it was given; an empty object replaces it.
  s.setModules({ data: {} });
}
