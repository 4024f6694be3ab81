// The platform this process runs on, named as the release files are (linux-x64, darwin-arm64,
// windows-x64): `version` from a checkout, and scripts/build for the host's own binary.

export function hostPlatform(): string {
  const os = process.platform === "win32" ? "windows" : process.platform;
  return `${os}-${process.arch}`;
}
