/** The charts: presentational components (props in, no store access). */
export { ParameterChart } from './ParameterChart.tsx';
export { FocalFigure } from './FocalFigure.tsx';
export { FocalTverskyFigure } from './FocalTverskyFigure.tsx';
export { TverskyMap } from './TverskyMap.tsx';
export { ResponseChart } from './ResponseChart.tsx';
export { ChartFrame, ChartEmpty } from './ChartFrame.tsx';
