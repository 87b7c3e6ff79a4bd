import type { Api } from '../../shared/api';
import type { ImportConfigCallOptions } from '../../shared/api/schemas';
import type { AppFacts, ValidationProfile } from '../../shared/domain/app';
import type { CreateSchemaInput, KratosConfigFormat } from '../../shared/domain/schema';
import type { PickFileOptions, PickSaveFileOptions } from '../../shared/domain/transfer';
import type { Services } from '../services/create-services';
import { guardStore } from './store-guard';

/**
 * The one implementation of the contract. Each method delegates to a service; `satisfies Api`
 * makes a missing or mistyped method a compile error, and exposes only what is listed here.
 */
export const createApi = (s: Services) =>
  guardStore(s.store, {
    app: {
      info: async () => s.app.info(),
      setProfile: async (profile: ValidationProfile): Promise<AppFacts> => {
        // The data directory is app.info's alone (the status bar shows it); this answer leaves it out.
        const { dataDirectory: _path, ...facts } = s.app.setProfile(profile);
        return facts;
      },
      checkStore: async () => s.app.checkStore(),
      pickFile: async (options?: PickFileOptions) => s.files.pickFile(options ?? {}),
      pickSaveFile: async (options: PickSaveFileOptions) => s.files.pickSaveFile(options),
    },
    schemas: {
      list: async () => s.schemas.list(),
      get: async (id: string) => s.schemas.get(id),
      create: async (input: CreateSchemaInput) => s.schemas.create(input),
      update: async (id: string, schema: CreateSchemaInput['schema']) => s.schemas.update(id, schema),
      remove: async (id: string) => s.schemas.remove(id),
      setDefault: async (id: string) => s.schemas.setDefault(id),
      suggestVersionId: async (id: string) => s.schemas.suggestVersionId(id),
      // No baseDir: text from the renderer has no folder, so file:// URLs in it are refused.
      importConfig: async (text: string, format: KratosConfigFormat, options?: ImportConfigCallOptions) =>
        s.schemas.importConfig({ text, format, allowRemote: options?.allowRemote === true, ...(options?.files ? { files: options.files } : {}) }),
      exportConfig: async (format?: KratosConfigFormat) => s.schemas.exportConfig(format),
    },
    validation: {
      validateTraits: async (schema: string | Record<string, unknown>, traits: unknown, profile?: ValidationProfile) =>
        s.validation.validateTraits(schema, traits, profile),
      lintSchema: async (schema: string | Record<string, unknown>) => s.validation.lintSchema(schema),
    },
    identities: {
      // writeLimits: traits too big to validate inline go through the sandbox's time limit first (issue 17 §2).
      create: async (input) => {
        await s.writeLimits.beforeCreate(input);
        return s.identities.create(input);
      },
      get: async (id) => s.identities.get(id),
      update: async (id, input) => {
        await s.writeLimits.beforeUpdate(id, input);
        return s.identities.update(id, input);
      },
      patch: async (id, operations) => {
        await s.writeLimits.beforePatch(id, operations);
        return s.identities.patch(id, operations);
      },
      setState: async (id, state) => s.identities.setState(id, state),
      delete: async (id) => s.identities.delete(id),
      whoamiView: async (id) => s.identities.whoamiView(id),
    },
    search: {
      query: async (q) => s.search.query(q),
      count: async (q, options) => s.search.count(q, options),
    },
    audit: {
      list: async (q) => s.audit.list(q),
      revert: async (changeId) => s.audit.revert(changeId),
    },
    transfer: {
      // A grant is the only way to name a file here; the path-taking service calls stay for the CLI.
      importFile: async ({ grant, ...request }) => ({ jobId: s.transfer.importFile({ ...request, file: s.files.take(grant, 'read', { keep: request.dryRun === true }) }) }),
      exportFile: async ({ grant, ...request }) => ({ jobId: s.transfer.exportFile({ ...request, file: s.files.take(grant, 'write') }) }),
      csvTemplate: async (schemaId) => s.transfer.csvTemplate(schemaId),
      inspectFile: async ({ grant, ...request }) => s.transfer.inspectFile({ ...request, file: s.files.take(grant, 'read', { keep: true }) }),
    },
    migration: {
      checkStore: async (request) => ({ jobId: s.migration.checkStore(request) }),
    },
    jobs: {
      list: async () => s.jobs.list(),
      get: async (jobId) => s.jobs.get(jobId),
      cancel: async (jobId) => s.jobs.cancel(jobId),
    },
    operations: {
      plan: async (request) => s.operations.plan(request),
      dryRun: async (operationId) => s.operations.dryRun(operationId),
      apply: async (operationId, options) => s.operations.apply(operationId, options),
      undo: async (operationId) => s.operations.undo(operationId),
      list: async (query) => s.operations.list(query),
      get: async (operationId) => s.operations.get(operationId),
    },
    sync: {
      addRemote: async (input) => s.sync.addRemote(input),
      listRemotes: async () => s.sync.listRemotes(),
      updateRemote: async (input) => s.sync.updateRemote(input),
      removeRemote: async (name) => s.sync.removeRemote(name),
      pull: async (request) => ({ jobId: await s.sync.pull(request) }),
      push: async (request) => ({ jobId: await s.sync.push(request) }),
      sync: async (request) => ({ jobId: await s.sync.sync(request) }),
      pending: async (query) => s.sync.pending(query),
      discard: async (id) => s.sync.discard(id),
      conflicts: async () => s.sync.conflicts(),
      resolveConflict: async (id, resolution) => s.sync.resolveConflict(id, resolution),
      status: async () => s.sync.status(),
      identityState: async (id) => s.sync.identityState(id),
      testConnection: (target) => s.sync.testConnection(target),
    },
  } satisfies Api);
