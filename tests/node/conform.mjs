// Checks real values against the TypeScript declarations the package ships, using the TypeScript
// compiler's type checker: every declared property present with the declared type, and no
// property the declarations do not mention. This is what keeps the hand-written .d.ts honest.
import ts from "typescript";

/** Loads a .d.ts and returns a function giving the declared return type of an exported function. */
export function loadDeclarations(dtsPath) {
  const program = ts.createProgram([dtsPath], { strict: true, noEmit: true, skipLibCheck: false });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length) {
    const text = ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => process.cwd(),
      getNewLine: () => "\n",
    });
    throw new Error(`the declarations do not type-check:\n${text}`);
  }
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(dtsPath));
  const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, s]));
  const returnType = (name) => {
    const symbol = exports.get(name);
    if (!symbol) throw new Error(`${name} is not exported by ${dtsPath}`);
    const [signature] = checker.getTypeOfSymbol(symbol).getCallSignatures();
    return signature.getReturnType();
  };
  return { checker, exports, returnType };
}

/** Lists every way `value` departs from `type` (empty when it conforms). */
export function mismatches(checker, value, type, path = "$") {
  const errors = [];
  check(checker, value, type, path, errors);
  return errors;
}

function show(value) {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function check(checker, value, type, path, errors) {
  const f = type.flags;
  const fail = () => errors.push(`${path}: ${show(value)} is not ${checker.typeToString(type)}`);
  if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
    errors.push(`${path}: declared as ${checker.typeToString(type)}, not a real type`);
  } else if (type.isUnion()) {
    const fits = type.types.some((t) => mismatches(checker, value, t, path).length === 0);
    if (!fits) {
      // Report the closest branch's details when only one branch has the value's JS kind.
      const objects = type.types.filter((t) => t.flags & ts.TypeFlags.Object);
      if (objects.length === 1 && value !== null && typeof value === "object") {
        check(checker, value, objects[0], path, errors);
      } else fail();
    }
  } else if (f & ts.TypeFlags.Null) {
    if (value !== null) fail();
  } else if (f & ts.TypeFlags.StringLiteral || f & ts.TypeFlags.NumberLiteral) {
    if (value !== type.value) fail();
  } else if (f & ts.TypeFlags.BooleanLiteral) {
    if (value !== (checker.typeToString(type) === "true")) fail();
  } else if (f & ts.TypeFlags.String) {
    if (typeof value !== "string") fail();
  } else if (f & ts.TypeFlags.Number) {
    if (typeof value !== "number") fail();
  } else if (checker.isTupleType(type)) {
    const elements = checker.getTypeArguments(type);
    if (!Array.isArray(value) || value.length !== elements.length) return fail();
    value.forEach((v, i) => check(checker, v, elements[i], `${path}[${i}]`, errors));
  } else if (checker.isArrayType(type)) {
    if (!Array.isArray(value)) return fail();
    const [element] = checker.getTypeArguments(type);
    value.forEach((v, i) => check(checker, v, element, `${path}[${i}]`, errors));
  } else if (f & ts.TypeFlags.Object) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return fail();
    const declared = new Set();
    for (const property of checker.getPropertiesOfType(type)) {
      declared.add(property.name);
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      if (!(property.name in value)) {
        if (!optional) errors.push(`${path}.${property.name}: declared but missing`);
        continue;
      }
      const propertyType = checker.getTypeOfSymbol(property);
      check(checker, value[property.name], propertyType, `${path}.${property.name}`, errors);
    }
    for (const key of Object.keys(value)) {
      if (!declared.has(key)) errors.push(`${path}.${key}: present but not declared`);
    }
  } else {
    errors.push(`${path}: unsupported declared type ${checker.typeToString(type)}`);
  }
}
