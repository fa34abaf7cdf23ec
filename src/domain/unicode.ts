/**
 * Whether a string is not valid Unicode: it holds a UTF-16 surrogate without its pair (JSON's
 * `"\ud800"` escape gives one). Such a string cannot be stored as UTF-8: the store would write
 * U+FFFD instead, and the value read back would differ from the one its key was made from.
 */
export function hasLoneSurrogate(value: string): boolean {
  // With the u flag a paired surrogate is one code point; only a lone one is category Cs.
  return LONE_SURROGATE.test(value);
}

const LONE_SURROGATE = /\p{Cs}/u;
