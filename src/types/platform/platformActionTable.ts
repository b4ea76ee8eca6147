import type { EventKind } from '../../events/taxonomy.js';

/**
 * The actions of the labeling platform's metrics table (`login` … `email_changed`) that
 * labeltrail has no built-in type for, in the table's order: [action, type, kind, helper,
 * subject, description]. The category is the type's first part. The subject is where the
 * helper puts its argument: a context field (`project`, `dataset`, `item`, `workflowStage`),
 * else that payload key; '' for none. Restoring counts as creating (it brings the thing
 * back) and disabling as deleting, as the built-in figure types have it.
 */
export const platformActionTable = [
  ['login', 'user.login', 'session', 'login', '', 'The user logged in'],
  ['logout', 'user.logout', 'session', 'logout', '', 'The user logged out'],
  ['create_project', 'project.created', 'create', 'create', 'project', 'A project was created'],
  ['update_project', 'project.updated', 'update', 'update', 'project', 'A project was updated'],
  ['disable_project', 'project.disabled', 'delete', 'disable', 'project', 'A project was disabled'],
  ['restore_project', 'project.restored', 'create', 'restore', 'project', 'A disabled project was restored'],
  ['create_dataset', 'dataset.created', 'create', 'create', 'dataset', 'A dataset was created'],
  ['update_dataset', 'dataset.updated', 'update', 'update', 'dataset', 'A dataset’s metadata or content changed'],
  ['disable_dataset', 'dataset.disabled', 'delete', 'disable', 'dataset', 'A dataset was disabled'],
  ['create_image', 'image.created', 'create', 'create', 'item', 'An image was added to a dataset'],
  ['update_image', 'image.updated', 'update', 'update', 'item', 'An image’s properties were updated'],
  ['disable_image', 'image.disabled', 'delete', 'disable', 'item', 'An image was disabled'],
  ['restore_image', 'image.restored', 'create', 'restore', 'item', 'A disabled image was restored'],
  ['create_class', 'class.created', 'create', 'create', 'class', 'An annotation class was created'],
  ['update_class', 'class.updated', 'update', 'update', 'class', 'An annotation class was updated'],
  ['disable_class', 'class.disabled', 'delete', 'disable', 'class', 'An annotation class was disabled'],
  ['restore_class', 'class.restored', 'create', 'restore', 'class', 'An annotation class was restored'],
  ['create_backup', 'backup.created', 'create', 'create', '', 'A project or dataset backup was created'],
  ['export_project', 'project.exported', 'create', 'export', 'project', 'A project export was triggered'],
  ['model_train', 'model.training_started', 'create', 'train', 'model', 'A training task started using a model'],
  ['model_inference', 'model.inference', 'create', 'infer', 'model', 'An inference operation was performed'],
  ['create_plugin', 'plugin.created', 'create', 'create', 'plugin', 'A plugin was created'],
  ['disable_plugin', 'plugin.disabled', 'delete', 'disable', 'plugin', 'A plugin was disabled'],
  ['restore_plugin', 'plugin.restored', 'create', 'restore', 'plugin', 'A plugin was restored'],
  ['create_node', 'node.created', 'create', 'create', 'workflowStage', 'A workflow or task node was created'],
  ['disable_node', 'node.disabled', 'delete', 'disable', 'workflowStage', 'A workflow or task node was disabled'],
  ['restore_node', 'node.restored', 'create', 'restore', 'workflowStage', 'A workflow or task node was restored'],
  ['create_workspace', 'workspace.created', 'create', 'create', 'workspace', 'A workspace was created'],
  ['disable_workspace', 'workspace.disabled', 'delete', 'disable', 'workspace', 'A workspace was disabled'],
  ['restore_workspace', 'workspace.restored', 'create', 'restore', 'workspace', 'A workspace was restored'],
  ['create_model', 'model.created', 'create', 'create', 'model', 'A machine learning model was created'],
  ['disable_model', 'model.disabled', 'delete', 'disable', 'model', 'A model was disabled'],
  ['restore_model', 'model.restored', 'create', 'restore', 'model', 'A model was restored'],
  ['add_member', 'member.added', 'create', 'add', 'member', 'A team member was added'],
  ['remove_member', 'member.removed', 'delete', 'remove', 'member', 'A team member was removed'],
  ['login_to_team', 'user.team_login', 'session', 'loginToTeam', 'team', 'The user logged into a team'],
  ['email_changed', 'user.email_changed', 'update', 'changeEmail', '', 'The user’s email address was changed'],
] as const satisfies readonly (readonly [string, string, EventKind, string, string, string])[];

/** The platform's type names, as `track()` takes them. */
export type PlatformType = (typeof platformActionTable)[number][1];

/** The table's actions that labeltrail has built-in types for (figures, tags, time, review). */
export const builtInPlatformActions = {
  create_figure: 'figure.created',
  update_figure: 'figure.updated',
  disable_figure: 'figure.disabled',
  restore_figure: 'figure.restored',
  attach_tag: 'tag.attached',
  update_tag_value: 'tag.updated',
  detach_tag: 'tag.detached',
  annotation_duration: 'item.duration',
  image_review_status_updated: 'item.review_status',
} as const;
