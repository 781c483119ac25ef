/** The steering repo's shared/ folder, which CI and every developer have beside the project. */
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/shared/paths.js';

export const SHARED_DIR = path.resolve(PROJECT_ROOT, '..', 'shared');
export const CORPUS_DIR = path.join(SHARED_DIR, 'corpus', 'real-docx');
