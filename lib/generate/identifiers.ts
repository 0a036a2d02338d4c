import { pascalCase, toTsIdentifier } from "../model/names";

/*
 * Identifiers for generated code. A name on the board becomes a TypeScript identifier by the rule
 * of lib/model/names.ts: `toTsIdentifier(pascalCase(name))` (`order placed` -> `OrderPlaced`,
 * `주문 생성됨` -> `주문생성됨`, `2fa done` -> `_2faDone`, emoji -> `u1f680`). Generated names add a
 * suffix or prefix to that base (`OrderPlacedEvent`, `isOrderPlacedEvent`), so a reserved word
 * can only ever be a base, never a whole identifier. Collisions are settled by the allocator:
 * in board order, the first name keeps its base and a later one takes `<base>_2`, `<base>_3` …,
 * the first for which none of its derived names is taken.
 */

/** The base identifier of a board name: `toTsIdentifier(pascalCase(name))`. */
export function baseIdentifier(name: string): string {
  return toTsIdentifier(pascalCase(name));
}

/** One namespace of identifiers; see the rule at the top of this file. */
export class IdentifierAllocator {
  private readonly taken: Set<string>;

  /** @param reserved names the generated file declares itself (`DomainEvent`, `EventTypes` …). */
  constructor(reserved: Iterable<string> = []) {
    this.taken = new Set(reserved);
  }

  /**
   * The first of `base`, `base_2`, `base_3` … whose derived names (`derive(candidate)`) are all
   * free; those names are taken and the chosen base returned.
   */
  allocate(base: string, derive: (base: string) => readonly string[]): string {
    let candidate = base;
    for (let n = 2; derive(candidate).some((name) => this.taken.has(name)); n++) candidate = `${base}_${n}`;
    for (const name of derive(candidate)) this.taken.add(name);
    return candidate;
  }
}

/** A property name: `orderId` as is, anything else (`order id`, `2fa`, `a-b`) as a string literal. */
export function propertyKey(name: string, quote: (text: string) => string): string {
  return /^[\p{ID_Start}$_][\p{ID_Continue}$_]*$/u.test(name) ? name : quote(name);
}

/**
 * An ASCII key for formats that allow only `[A-Za-z0-9._-]` (AsyncAPI component keys): letters,
 * digits, `.`, `_` and `-` are kept and every other character becomes `_x<hex>` (`주문` ->
 * `_xc8fc_xbb38`). Different texts can still meet; make keys unique with an allocator.
 */
export function asciiKey(text: string): string {
  let key = "";
  for (const char of text.normalize("NFC")) {
    key += /[A-Za-z0-9._-]/.test(char) ? char : `_x${(char.codePointAt(0) ?? 0).toString(16)}`;
  }
  return key || "_";
}
