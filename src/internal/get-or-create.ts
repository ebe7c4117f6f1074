/** The subset of Map and WeakMap that {@link getOrCreate} needs. */
interface Store<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/** The value under `key`, created and stored first if absent. Works for Map and WeakMap. */
export function getOrCreate<K, V>(map: Store<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
