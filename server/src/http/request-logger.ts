import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify'
import type { Bindings, ChildLoggerOptions, Logger } from 'pino'

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'
type LogArguments = Parameters<FastifyBaseLogger['info']>

/**
 * Stands in for a request's child logger and builds the real one on the first line it writes.
 * Fastify gives every request a pino child bound to the request id, and pino serialises those
 * bindings at once: on a cached read that cost more than the route itself, while most requests
 * never write a line at the configured level.
 */
class LazyRequestLogger {
  #child: FastifyBaseLogger | undefined
  readonly #parent: Logger
  readonly #bindings: Bindings
  readonly #options: ChildLoggerOptions

  constructor(parent: Logger, bindings: Bindings, options: ChildLoggerOptions) {
    this.#parent = parent
    this.#bindings = bindings
    this.#options = options
  }

  #real(): FastifyBaseLogger {
    return (this.#child ??= this.#parent.child(this.#bindings, this.#options))
  }

  #write(level: Level, args: LogArguments): void {
    if (this.#child || this.#parent.isLevelEnabled(level))
      (this.#real()[level] as (...a: LogArguments) => void)(...args)
  }

  get level(): string {
    return this.#child?.level ?? this.#parent.level
  }

  set level(level: string) {
    this.#real().level = level
  }

  fatal(...args: LogArguments) {
    this.#write('fatal', args)
  }
  error(...args: LogArguments) {
    this.#write('error', args)
  }
  warn(...args: LogArguments) {
    this.#write('warn', args)
  }
  info(...args: LogArguments) {
    this.#write('info', args)
  }
  debug(...args: LogArguments) {
    this.#write('debug', args)
  }
  trace(...args: LogArguments) {
    this.#write('trace', args)
  }
  silent() {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options)
  }
}

export const lazyChildLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = function (
  logger,
  bindings,
  options,
) {
  // A route with its own level or serializers gets its real child at once.
  if (options.level || options.serializers) return logger.child(bindings, options)
  return new LazyRequestLogger(
    logger as unknown as Logger,
    bindings,
    options,
  ) as unknown as FastifyBaseLogger
}
