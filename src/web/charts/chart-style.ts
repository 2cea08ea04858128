/** NHS colours and text for every chart, so charts read like the page around them. */
export const COLOURS = { shared: '#007f3b', partial: '#ed8b00', notShared: '#d5281b', bar: '#005eb8', text: '#212b32', axis: '#4c6272', grid: '#d8dde0', node: '#005eb8' };

export const TEXT = { fontFamily: 'Arial, sans-serif', fontSize: 12, color: COLOURS.text };

export const TITLE = { left: 0, top: 0, textStyle: { ...TEXT, fontSize: 14, fontWeight: 'bold' as const } };

/** The chart's drawing width; the SVG scales down with the page through its viewBox. */
export const CHART_WIDTH = 640;
