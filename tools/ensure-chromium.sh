#!/usr/bin/env bash
# The site's PDF downloads and the browser tests use Debian's chromium and CJK
# fonts (never a downloaded browser).
# Install them when missing and running as root; otherwise name what to install.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
[ "${#need[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "正在安装生成 PDF 和浏览器测试所需的 Debian 软件包：${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "缺少 Debian 软件包：${need[*]}。请以 root 运行：apt-get install ${need[*]}" >&2
  exit 1
fi
