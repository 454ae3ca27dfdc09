import { AjvCompiler, type ValidatorFactory } from '@fastify/ajv-compiler';
import { SerializerSelector, type SerializerFactory } from '@fastify/fast-json-stringify-compiler';

/**
 * Fastify's own schema compilers (Ajv for requests, fast-json-stringify for responses), with each
 * route's compilation deferred to the route's first request.
 *
 * Fastify compiles every route's validators and serialisers before it listens; with ~40 routes that
 * was ~0.5 s of a 1.8 s start-up, most of it for routes a given process may never serve (bulk jobs,
 * snapshots, the OpenAPI document). Deferring keeps start-up to what the first requests need, and
 * the compiled function is then reused exactly as Fastify would. The behaviour is otherwise
 * unchanged: same compilers, same options, same shared schemas (`addSchema`). A schema that cannot
 * compile fails on its route's first request instead of at start; the route tests exercise every
 * route, so such a mistake still fails the build.
 */
interface ValidatorFn {
  (data: unknown): unknown;
  errors?: unknown;
}

const lazyValidator = (compile: () => ValidatorFn): ValidatorFn => {
  let fn: ValidatorFn | undefined;
  const validate: ValidatorFn = (data) => {
    fn ??= compile();
    const result = fn(data);
    // Fastify reads `.errors` from the function it was given when the result is `false`.
    validate.errors = fn.errors;
    return result;
  };
  return validate;
};

const lazySerializer = (compile: () => (data: unknown) => string): ((data: unknown) => string) => {
  let fn: ((data: unknown) => string) | undefined;
  return (data) => (fn ??= compile())(data);
};

export interface LazyCompilersFactory {
  buildValidator: ValidatorFactory;
  buildSerializer: SerializerFactory;
}

/** The `schemaController.compilersFactory` option for `Fastify()`. */
export const lazyCompilersFactory = (): LazyCompilersFactory => {
  const validators = AjvCompiler();
  const serializers = SerializerSelector();
  return {
    // The Ajv instance (and its formats) is built on the first compilation too.
    buildValidator: ((externalSchemas, ajvOptions) => {
      let compile: ReturnType<typeof validators> | undefined;
      return (route) => lazyValidator(() => (compile ??= validators(externalSchemas, ajvOptions))(route) as unknown as ValidatorFn);
    }) as ValidatorFactory,
    buildSerializer: (externalSchemas, options) => {
      let compile: ReturnType<typeof serializers> | undefined;
      return (route) => lazySerializer(() => (compile ??= serializers(externalSchemas, options))(route));
    },
  };
};
