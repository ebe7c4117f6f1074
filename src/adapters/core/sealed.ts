import { ToolgateError } from "../../errors.js";

/** What stands in for one key of a sealed object: its gated value (which may be undefined). */
export type Door = { readonly value: unknown };

const unreflectable = (key: PropertyKey) =>
  new ToolgateError({
    code: "INVALID_ARGUMENT",
    message: `toolgate: property "${String(key)}" of a guarded object cannot be described without exposing the ungated original; read it instead.`,
  });

/**
 * A view of `target` on which every key `doorOf` names shows its gated stand-in, however it is reached: a
 * read, a property descriptor (`Object.getOwnPropertyDescriptor(s)` skip a Proxy's `get` trap), and
 * prototype methods called with the view as `this`. Redefining, assigning or deleting such a key is refused,
 * so no one can swap the stand-in back for the original. Every other key is the target's own.
 */
export function sealed<T extends object>(target: T, doorOf: (key: PropertyKey) => Door | undefined): T {
  return new Proxy(target, {
    get: (object, key, receiver) => {
      const door = doorOf(key);
      return door ? door.value : Reflect.get(object, key, receiver);
    },
    getOwnPropertyDescriptor: (object, key) => {
      const own = Reflect.getOwnPropertyDescriptor(object, key);
      const door = own && doorOf(key);
      if (!door) return own;
      // A Proxy may only misreport a configurable property: a fixed one would hand out the original.
      if (!own.configurable) throw unreflectable(key);
      return { value: door.value, writable: false, enumerable: own.enumerable ?? false, configurable: true };
    },
    defineProperty: (object, key, descriptor) => !doorOf(key) && Reflect.defineProperty(object, key, descriptor),
    set: (object, key, value, receiver) => !doorOf(key) && Reflect.set(object, key, value, receiver),
    deleteProperty: (object, key) => !doorOf(key) && Reflect.deleteProperty(object, key),
  });
}

/** Doors for a fixed set of keys, from a record of gated values. */
export function doorsOf(gated: Record<PropertyKey, unknown>): (key: PropertyKey) => Door | undefined {
  return (key) => (Object.hasOwn(gated, key) ? { value: gated[key] } : undefined);
}
