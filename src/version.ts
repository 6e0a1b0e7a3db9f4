import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest package.json above `dir`: found from src/, dist/ or any other build output dir. */
function packageJson(dir: string): string {
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'package.json');
}

/** The GUI version string system_version_get reports (MOR clients parse it as text only). */
export const GUI_VERSION = `MOR API Server ${require(packageJson(__dirname)).version}`;
