// @ts-check
/**
 * The linter, `npm run lint:code` (part of `npm test`): typescript-eslint's type-checked rules over
 * the shipped source, and the layering the folders promise (no import cycle, no entry file imported
 * from inside). What formatting is, prettier decides.
 */
import importX from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import tseslint from "typescript-eslint";

/** The package's entry files: what users import, never what the source imports. */
const entries = ["index", "raw", "audit-log", "validate", "node", "report"].map((name) => `./src/${name}.ts`);

/**
 * The folders of src/ from the bottom up: a folder imports only from the floors below its own, so
 * no two folders can import each other, and the entry files above them all are imported by none.
 */
const floors = [
  ["errors"],
  ["api", "execution", "transport"],
  ["client", "mock", "conformance"],
  ["report"],
  ["cli"],
];
const layering = floors.flatMap((floor, level) =>
  floor.map((folder) => ({
    target: `./src/${folder}`,
    from: [
      ...floors
        .slice(level)
        .flat()
        .filter((other) => other !== folder)
        .map((other) => `./src/${other}`),
      ...entries,
    ],
    message: `src/${folder} may import only from the floors below it (${floors.slice(0, level).flat().join(", ") || "none"})`,
  })),
);

export default tseslint.config(
  { ignores: ["dist/**", "generated/**", "node_modules/**", "reports/**"] },
  {
    files: ["src/**/*.ts"],
    extends: [tseslint.configs.recommendedTypeChecked],
    plugins: { "import-x": importX },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver-next": [createTypeScriptImportResolver()],
    },
    rules: {
      "@typescript-eslint/switch-exhaustiveness-check": [
        "error",
        { considerDefaultExhaustiveForUnions: true },
      ],
      "@typescript-eslint/no-floating-promises": "error",
      // A data type is an interface over the spec's schema, so that the reference gives it a page of
      // its own fields (a type alias of the schema shows none).
      "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }],
      "no-console": "error",
      // An abort rejects with the caller's own signal.reason, whatever it is (the public contract).
      "@typescript-eslint/prefer-promise-reject-errors": "off",
      // An async wrapper with no await is how a usage error becomes a rejection, never a throw.
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true, varsIgnorePattern: "^_" }],
      "import-x/no-cycle": "error",
      "import-x/no-restricted-paths": ["error", { zones: layering }],
    },
  },
  {
    // The command-line tool and the mock's own logging write to the terminal by design.
    files: ["src/cli/**/*.ts"],
    rules: { "no-console": "off" },
  },
);
