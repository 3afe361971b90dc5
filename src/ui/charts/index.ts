/** The charts: presentational components (props in, no store access) and their export. */
export { ParameterChart } from './ParameterChart.tsx';
export type { ParameterChartProps } from './ParameterChart.tsx';
export { FocalFigure } from './FocalFigure.tsx';
export type { FocalFigureProps, FigureCurve, FigureMarker } from './FocalFigure.tsx';
export { FocalTverskyFigure, TRAINED_LABEL, PLOTTED_LABEL } from './FocalTverskyFigure.tsx';
export type { FocalTverskyFigureProps } from './FocalTverskyFigure.tsx';
export { TverskyMap } from './TverskyMap.tsx';
export type { TverskyMapProps } from './TverskyMap.tsx';
export { ResponseChart } from './ResponseChart.tsx';
export type { ResponseChartProps } from './ResponseChart.tsx';
export { ChartFrame, ChartEmpty } from './ChartFrame.tsx';
export { ExportButtons } from './ExportButtons.tsx';
export { exportChart, chartBlob, chartToSvg, exportFileName } from './export.ts';
export type { ExportFormat } from './export.ts';
