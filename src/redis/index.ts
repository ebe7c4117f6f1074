// toolgate/redis: the Redis store, for many replicas sharing one state (an optional peer: ioredis).
export type { RedisStoreOptions } from "./options.js";
export { redisStore } from "./store.js";
