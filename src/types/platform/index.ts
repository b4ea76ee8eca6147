// `labeltrail/types/platform`: the platform actions of a labeling platform's activity log
// (users, projects, datasets, images, classes, tags, nodes, workspaces, models, plugins,
// members, exports) as custom types with typed helpers. Its own entry: only its users load it.
export { platformTypes } from './platformTypes.js';
export { platformHelpers } from './platformHelpers.js';
export type { PlatformHelpers, PlatformTracker, SubjectHelper, PlainHelper } from './platformHelpers.js';
export { platformActionTable, builtInPlatformActions } from './platformActionTable.js';
export type { PlatformType } from './platformActionTable.js';
