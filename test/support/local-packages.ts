// The offline install of packed tarballs, shared with the release rehearsal (scripts/release/).
export { installedClosure, npmIsolated } from "../../scripts/release/local-install.mjs";
