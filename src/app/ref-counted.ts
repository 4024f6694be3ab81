// A thing several generations may hold at once (the response cache, the usage and trace
// writers): each holder lets go once, and the last to let go closes it.

export type RefCounted<T> = {
  value: T;
  /** One more holder; the same handle back. */
  share(): RefCounted<T>;
  /** This holder is done; the last one closes the value. */
  release(): Promise<void>;
};

/** Starts with one holder. */
export function createRefCounted<T>(value: T, close: () => void | Promise<void>): RefCounted<T> {
  let holders = 0;
  const handle: RefCounted<T> = {
    value,
    share() {
      holders++;
      return handle;
    },
    async release() {
      holders--;
      if (holders === 0) await close();
    },
  };
  return handle.share();
}
