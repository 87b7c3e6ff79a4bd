/**
 * Where the user was in the list (issue 16 §6): the scroll offset, the active row and whether the list had focus,
 * per query. Kept for this window's life only, so opening an identity and coming back (Esc, the back link, the
 * browser's Back) lands on the same rows with the same row active, instead of at the top.
 */
export interface ListPlace {
  scrollTop: number;
  active: number;
  focused: boolean;
}

const places = new Map<string, ListPlace>();
const KEEP = 20;

export const rememberPlace = (key: string, place: ListPlace): void => {
  places.delete(key);
  places.set(key, place);
  if (places.size > KEEP) places.delete(places.keys().next().value as string);
};

/** The place kept for a query, once: a later visit by a link starts fresh again only if nothing was kept since. */
export const placeOf = (key: string): ListPlace | null => places.get(key) ?? null;
