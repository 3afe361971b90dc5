#!/usr/bin/env bash
# On the GPU machine (no apt, no internet): assemble the carried Chromium under /tmp/gpub, then run
# drive.py. See README.md for how .gpubench/ is prepared and which calls carry what.
#   stage 1:  bash tests/bench/gpu/device.sh stage1        (carry .gpubench/p1)
#   stage 2:  bash tests/bench/gpu/device.sh run [drive.py args]   (carry .gpubench/p2 .gpubench/gl .gpubench/dist)
set -u
G=/tmp/gpub
mkdir -p "$G"
case "${1:-run}" in
stage1)
  cp .gpubench/p1/chromium.xz.part1 "$G/" && ls -la "$G"
  echo "--- device:"; grep PRETTY /etc/os-release; ldd --version | head -1; nvidia-smi -L
  command -v node || echo "no node"
  ls /usr/local/nvidia/ /usr/local/nvidia/share/vulkan/icd.d /usr/local/nvidia/share/glvnd/egl_vendor.d 2>&1
  cat /usr/local/nvidia/share/vulkan/icd.d/*.json 2>&1 | head -20
  ldconfig -p | grep -Ei 'nvidia|libEGL|vulkan|GLdispatch|libnss3|libX11\.|libgbm|libstdc' | head -40
  echo "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"; ls /dev/dri 2>&1; ls /dev | grep -i nvidia
  exit 0 ;;
run) shift ;;
esac
if [ ! -x "$G/chrome/chromium" ]; then
  [ -f "$G/chromium.xz.part1" ] || { echo "stage 1 is missing: $G/chromium.xz.part1 (the machine went cold?)"; exit 9; }
  tar xJf .gpubench/p2/rest.tar.xz -C "$G" || exit 9
  cat "$G/chromium.xz.part1" .gpubench/p2/chromium.xz.part2 | xz -d -T0 > "$G/chrome/chromium" || exit 9
  chmod +x "$G/chrome/chromium" "$G/chrome/chrome_crashpad_handler"
fi
for f in .gpubench/gl/*.deb; do dpkg -x "$f" /; done; ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
export VK_ICD_FILENAMES=$VK_DRIVER_FILES
export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
export LD_LIBRARY_PATH="$G/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}:/usr/local/nvidia/lib64:/usr/local/nvidia/lib"
export FONTCONFIG_PATH=/etc/fonts
echo "--- libraries chromium cannot find:"; ldd "$G/chrome/chromium" | grep 'not found'
"$G/chrome/chromium" --version
python3 tests/bench/gpu/drive.py --chrome "$G/chrome/chromium" --dist .gpubench/dist --out "${OUT:-.gpubench/out}" "$@"
