import { useEffect, useRef } from 'react';
import type { CanvasHTMLAttributes } from 'react';

interface Props extends Omit<CanvasHTMLAttributes<HTMLCanvasElement>, 'width' | 'height'> {
  size: number;
  pixels: ImageData | null;
}

/** A size × size canvas showing precomputed RGBA pixels (scaled up crisply by CSS). */
export function PixelCanvas({ size, pixels, className, ...rest }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    if (pixels && pixels.width === canvas.width && pixels.height === canvas.height) ctx.putImageData(pixels, 0, 0);
    else ctx.clearRect(0, 0, canvas.width, canvas.height);
  }, [pixels, size]);
  return <canvas ref={ref} width={size} height={size} className={`pixels ${className ?? ''}`} {...rest} />;
}
