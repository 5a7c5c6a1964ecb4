// One view per element, kept in step with the board: the layers (stickies, frames,
// connectors) each hold a map from element id to the DOM they drew for it.

/**
 * Drops the views of elements no longer on the board, then yields each live element with its
 * view, made on first sight.
 * @template T, V
 * @param {Map<string, V>} views  Element id -> view; updated in place.
 * @param {ReadonlyMap<string, T>} live  Element id -> element, in drawing order.
 * @param {(id: string) => V} create  Makes (and attaches) the view of a new element.
 * @param {(view: V) => void} dispose  Detaches the view of an element that is gone.
 * @returns {Generator<[T, V]>}
 */
export function* keyedViews(views, live, create, dispose) {
  for (const [id, view] of views) {
    if (!live.has(id)) {
      dispose(view);
      views.delete(id);
    }
  }
  for (const [id, item] of live) {
    let view = views.get(id);
    if (!view) {
      view = create(id);
      views.set(id, view);
    }
    yield [item, view];
  }
}
