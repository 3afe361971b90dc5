#!/usr/bin/env bash
# Packs this machine's Debian Chromium (and its shared libraries) into .gpubench/ for the GPU machine,
# which has no apt and no internet, in pieces under the 64 MiB a device call may carry (README.md).
#   .gpubench/p1/chromium.xz.part1   first 60 MiB of the xz-compressed chromium binary  (call 1)
#   .gpubench/p2/chromium.xz.part2   the rest of it                                      (call 2)
#   .gpubench/p2/rest.tar.xz         chrome/ (paks, ICU, ANGLE's Vulkan loader, SwiftShader) and lib/
#                                    (every library ldd names except glibc's, NSS's modules, wayland-client)
#   .gpubench/gl/*.deb               the GL/Vulkan loaders the device README names (glvnd EGL, libvulkan1)
#   .gpubench/dist                   the bench page (node tests/bench/gpu/build.mjs)
set -eu
cd "$(dirname "$0")/../../.."
grep -qx '/.gpubench/' .git/info/exclude 2>/dev/null || echo '/.gpubench/' >> .git/info/exclude
C=/usr/lib/chromium
B=.gpubench
mkdir -p $B/p1 $B/p2 $B/gl
# xz -9e of the 297 MB binary: ~6.5 min on 2 cores, ~74 MiB; kept, as it is reused.
[ -s $B/chromium.xz ] || xz -9e -T0 -k -c $C/chromium > $B/chromium.xz
head -c 62914560 $B/chromium.xz > $B/p1/chromium.xz.part1
tail -c +62914561 $B/chromium.xz > $B/p2/chromium.xz.part2
rm -rf $B/stage && mkdir -p $B/stage/chrome/locales $B/stage/lib
cp $C/chrome_100_percent.pak $C/chrome_crashpad_handler $C/icudtl.dat $C/libEGL.so $C/libGLESv2.so $C/libvk_swiftshader.so \
  $C/vk_swiftshader_icd.json $C/libvulkan.so.1 $C/resources.pak $C/snapshot_blob.bin $C/v8_context_snapshot.bin $B/stage/chrome/
cp $C/locales/en-US.pak $B/stage/chrome/locales/
for l in $(ldd $C/chromium | awk '$3 ~ /^\//{print $3}' | grep -vE '/(libc|libm|libpthread|libdl|librt|libresolv)\.so'); do cp -L "$l" $B/stage/lib/; done
for l in libwayland-client.so.0 libsoftokn3.so libfreebl3.so libfreeblpriv3.so libnssckbi.so libnssdbm3.so \
  libsoftokn3.chk libfreebl3.chk libfreeblpriv3.chk libnssdbm3.chk; do cp -L /usr/lib/x86_64-linux-gnu/$l $B/stage/lib/; done
(cd $B/stage && tar cf - chrome lib | xz -9 -T0 > ../p2/rest.tar.xz)
rm -rf $B/stage
mkdir -p /tmp/amd64/partial
o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
apt-get $o update >/dev/null
(cd $B/gl && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
node tests/bench/gpu/build.mjs
du -sb $B/p1 $B/p2 $B/gl $B/dist
