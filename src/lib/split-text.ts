/**
 * Splits a long text into pieces of at most `max` characters (code points), preferring paragraph,
 * then line, then sentence, then word boundaries, so that no piece is cut mid-word when avoidable.
 */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = [...text];
  while (rest.length > max) {
    const window = rest.slice(0, max + 1).join('');
    let cut = -1;
    for (const sep of ['\n\n', '\n', '. ', ' ']) {
      const at = window.lastIndexOf(sep, window.length - 1);
      if (at >= 0 && [...window.slice(0, at)].length > max / 2) {
        cut = [...window.slice(0, at + sep.length)].length;
        break;
      }
    }
    if (cut <= 0 || cut > max) cut = max;
    pieces.push(rest.slice(0, cut).join('').trimEnd());
    rest = rest.slice(cut);
    while (rest[0] === '\n' || rest[0] === ' ') rest.shift();
  }
  pieces.push(rest.join(''));
  // Runs of whitespace can leave empty pieces; platforms refuse empty messages.
  const nonEmpty = pieces.filter((p) => p.trim().length > 0);
  return nonEmpty.length ? nonEmpty : [text.trim()];
}
