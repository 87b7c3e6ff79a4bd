import packageJson from '../../package.json' with { type: 'json' };

/** The app's version, from package.json, so that every host reports the same one. */
export const APP_VERSION: string = packageJson.version;
