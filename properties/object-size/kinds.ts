// Object-size on the kinds fc.anything never draws: RegExps (a fixed header plus their source),
// views over a SharedArrayBuffer, elements stores holding an accessor beside doubles (an accessor
// is not a number, so the store holds pointers), and shallowSizeOf of every primitive and symbol.
// Each estimate is held to the spec's layout model at both pointer sizes.

import fc from 'fast-check';
import { expect } from 'vitest';
import { unicodeString } from '../../harness/generators.ts';
import type { Suite } from '../../harness/suite.ts';
import { layoutOf, ObjectSizeModel, type objectSizeSpec } from '../../spec/object-size.ts';

type SizeSuite = Suite<typeof objectSizeSpec>;
type Create = SizeSuite['implementation']['default'];
type Rule = keyof typeof objectSizeSpec.rules;

const models = { 4: new ObjectSizeModel(4), 8: new ObjectSizeModel(8) } as const;
const pointerBytes = fc.constantFrom<4 | 8>(4, 8);

async function expectModelBytes(suite: SizeSuite, create: Create, rule: Rule, value: unknown, bytesPerPointer: 4 | 8, label: string): Promise<void> {
  const sizer = await create({ pointerBytes: bytesPerPointer });
  const model = models[bytesPerPointer];
  const [deep, shallow] = [await sizer.sizeOf(value), await sizer.shallowSizeOf(value)];
  suite.rule(rule, () => expect(deep, `${label}: sizeOf at pointerBytes ${bytesPerPointer}`).toBe(model.measure(value).bytes));
  suite.rule('SIZE-8', () => expect(shallow, `${label}: shallowSizeOf at pointerBytes ${bytesPerPointer}`).toBe(model.shallowSizeOf(value)));
}

/** a pattern matching its text literally, so any drawn string makes a valid RegExp */
const regExpArbitrary = fc
  .tuple(unicodeString({ maxLength: 8 }), fc.subarray(['d', 'g', 'i', 'm', 's', 'y']))
  .map(([text, flags]) => new RegExp(text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'), flags.join('')));

const numberArbitrary = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ noDefaultInfinity: true }), fc.constantFrom(0.5, -0, 2 ** 31, 1e300));

export function kindChecks(suite: SizeSuite, create: Create): void {
  suite.property(
    'SIZE-6',
    'a RegExp costs its fixed header plus its source string, counted once like any string',
    fc.asyncProperty(regExpArbitrary, fc.boolean(), pointerBytes, async (regExp, shareSource, bytesPerPointer) => {
      await expectModelBytes(suite, create, 'SIZE-6', regExp, bytesPerPointer, `${String(regExp)}`);
      // the same source text held elsewhere is one string
      const holder = { pattern: regExp, text: shareSource ? regExp.source : 'other text', twin: new RegExp(regExp.source, regExp.flags) };
      await expectModelBytes(suite, create, 'SIZE-6', holder, bytesPerPointer, 'a RegExp beside its source');
    }),
  );

  suite.property(
    'SIZE-5',
    'views over a SharedArrayBuffer cost a header plus the buffer by byteLength, counted once',
    fc.asyncProperty(fc.nat({ max: 2048 }), fc.nat({ max: 16 }), pointerBytes, async (length, offset, bytesPerPointer) => {
      const layout = layoutOf(bytesPerPointer);
      const sizer = await create({ pointerBytes: bytesPerPointer });
      const shared = new SharedArrayBuffer(4 * (length + offset));
      const bufferBytes = layout.arrayBufferHeaderBytes + shared.byteLength;
      const views = [new Int32Array(shared), new Uint8Array(shared, offset), new DataView(shared, 0)];
      const measured = [await sizer.sizeOf(shared), await sizer.sizeOf(views[0]), await sizer.sizeOf(views[2])];
      suite.rule('SIZE-5', () => expect(measured, `a SharedArrayBuffer of ${shared.byteLength} bytes`).toEqual([bufferBytes, layout.viewHeaderBytes + bufferBytes, layout.viewHeaderBytes + bufferBytes]));
      const all = await sizer.sizeOf(views);
      const expected = layout.arrayHeaderBytes + layout.elementsHeaderBytes + 3 * layout.slotBytes + 3 * layout.viewHeaderBytes + bufferBytes;
      suite.rule('SIZE-5', () => expect(all, 'three views of one shared buffer').toBe(expected));
      await expectModelBytes(suite, create, 'SIZE-5', { views, shared }, bytesPerPointer, 'views and their shared buffer');
    }),
  );

  suite.property(
    ['SIZE-2', 'SIZE-10'],
    'an accessor among numbers: at an index the store holds pointers, under a name the doubles stay unboxed',
    fc.asyncProperty(
      fc.array(numberArbitrary, { minLength: 1, maxLength: 8 }),
      fc.nat(),
      fc.constantFrom('index', 'name', 'name on an object'),
      pointerBytes,
      async (numbers, pick, where, bytesPerPointer) => {
        const ran: string[] = [];
        const accessor = { get: () => ran.push('getter'), set: () => ran.push('setter'), enumerable: true, configurable: true };
        let value: object;
        if (where === 'index') value = Object.defineProperty([...numbers], pick % numbers.length, accessor);
        else if (where === 'name') value = Object.defineProperty([...numbers], 'lazy', accessor);
        else value = Object.defineProperty({ ...numbers }, 'lazy', accessor);
        await expectModelBytes(suite, create, 'SIZE-2', value, bytesPerPointer, `an accessor by ${where} among ${numbers.length} numbers`);
        suite.rule('SIZE-10', () => expect(ran, 'accessors that ran').toEqual([]));
      },
    ),
  );

  suite.check('SIZE-8', 'shallowSizeOf of a primitive is its sizeOf; of a symbol, the symbol without its description', async () => {
    for (const bytesPerPointer of [4, 8] as const) {
      const sizer = await create({ pointerBytes: bytesPerPointer });
      const model = models[bytesPerPointer];
      for (const [index, leaf] of [null, undefined, true, false, 0, -0, 1.5, 2 ** 31, Number.NaN, '', 'text', '\u0100', 0n, 2n ** 70n].entries()) {
        const [shallow, deep] = [await sizer.shallowSizeOf(leaf), await sizer.sizeOf(leaf)];
        suite.rule('SIZE-8', () => expect([shallow, deep], `primitive ${index} at pointerBytes ${bytesPerPointer}`).toEqual([model.shallowSizeOf(leaf), model.measure(leaf).bytes]));
        suite.rule('SIZE-8', () => expect(shallow, `primitive ${index} is a leaf`).toBe(deep));
      }
      for (const symbol of [Symbol(), Symbol(''), Symbol('a described symbol'), Symbol.for('registered')]) {
        const [shallow, deep] = [await sizer.shallowSizeOf(symbol), await sizer.sizeOf(symbol)];
        const label = `${symbol.description ?? 'no description'} at pointerBytes ${bytesPerPointer}`;
        suite.rule('SIZE-8', () => expect([shallow, deep], label).toEqual([model.shallowSizeOf(symbol), model.measure(symbol).bytes]));
      }
    }
  });
}
