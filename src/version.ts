/** The GUI version string system_version_get reports (MOR clients parse it as text only). */
export const GUI_VERSION = `MOR API Server ${require('../package.json').version}`;
