// The persistent treap under versioned-store: a search tree by key, heap-ordered by a hash of the
// key, never mutated. A write copies the nodes on one root-to-leaf path (expected O(log n)) and
// shares every other subtree with the version it came from.

export class TreeNode<V> {
  constructor(
    readonly key: string,
    readonly value: V,
    readonly priority: number,
    readonly left: TreeNode<V> | undefined,
    readonly right: TreeNode<V> | undefined,
  ) {}

  with(left: TreeNode<V> | undefined, right: TreeNode<V> | undefined): TreeNode<V> {
    return new TreeNode(this.key, this.value, this.priority, left, right);
  }
}

export type Tree<V> = TreeNode<V> | undefined;

/** FNV-1a over the UTF-16 units, then a final mix: the same key always gets the same priority */
export function priorityOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) hash = Math.imul(hash ^ key.charCodeAt(index), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  return (hash ^ (hash >>> 13)) >>> 0;
}

export function find<V>(tree: Tree<V>, key: string): TreeNode<V> | undefined {
  let node = tree;
  while (node !== undefined && node.key !== key) node = key < node.key ? node.left : node.right;
  return node;
}

/** a copy of the path to key with its value replaced; key must be present */
export function replace<V>(node: TreeNode<V>, key: string, value: V): TreeNode<V> {
  if (key === node.key) return new TreeNode(key, value, node.priority, node.left, node.right);
  return key < node.key ? node.with(replace(node.left as TreeNode<V>, key, value), node.right) : node.with(node.left, replace(node.right as TreeNode<V>, key, value));
}

/** the keys below key and above it, as two new trees sharing every subtree off the path */
function split<V>(tree: Tree<V>, key: string): [Tree<V>, Tree<V>] {
  if (tree === undefined) return [undefined, undefined];
  if (tree.key < key) {
    const [below, above] = split(tree.right, key);
    return [tree.with(tree.left, below), above];
  }
  const [below, above] = split(tree.left, key);
  return [below, tree.with(above, tree.right)];
}

/** key must be absent */
export function insert<V>(tree: Tree<V>, key: string, value: V, priority: number): TreeNode<V> {
  if (tree === undefined || priority > tree.priority) {
    const [below, above] = split(tree, key);
    return new TreeNode(key, value, priority, below, above);
  }
  return key < tree.key ? tree.with(insert(tree.left, key, value, priority), tree.right) : tree.with(tree.left, insert(tree.right, key, value, priority));
}

/** every key of below is less than every key of above */
function merge<V>(below: Tree<V>, above: Tree<V>): Tree<V> {
  if (below === undefined) return above;
  if (above === undefined) return below;
  return below.priority > above.priority ? below.with(below.left, merge(below.right, above)) : above.with(merge(below, above.left), above.right);
}

/** key must be present */
export function remove<V>(node: TreeNode<V>, key: string): Tree<V> {
  if (key === node.key) return merge(node.left, node.right);
  return key < node.key ? node.with(remove(node.left as TreeNode<V>, key), node.right) : node.with(node.left, remove(node.right as TreeNode<V>, key));
}

/** in-order walk over the root it is handed at call time, with an explicit stack */
export function* walk<V, T>(root: Tree<V>, pick: (node: TreeNode<V>) => T): Generator<T, undefined, undefined> {
  const stack: TreeNode<V>[] = [];
  for (let node = root; node !== undefined || stack.length > 0; ) {
    for (; node !== undefined; node = node.left) stack.push(node);
    const next = stack.pop() as TreeNode<V>;
    yield pick(next);
    node = next.right;
  }
  return undefined;
}

export const pickEntry = <V>(node: TreeNode<V>): [string, V] => [node.key, node.value];
export const pickKey = <V>(node: TreeNode<V>): string => node.key;
export const pickValue = <V>(node: TreeNode<V>): V => node.value;
