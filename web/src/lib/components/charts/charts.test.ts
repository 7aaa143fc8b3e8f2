import type { Component } from 'svelte'
import { render } from 'svelte/server'
import { describe, expect, it } from 'vitest'
import BarChart from './BarChart.svelte'
import GroupedBarChart from './GroupedBarChart.svelte'
import TwoCharts from './TwoCharts.test.svelte'
import { barWidth } from './charts'
import { formatNumber, formatShare } from './numbers'

/** The server-rendered HTML, without the comments Svelte leaves for hydration. */
function html<Props extends Record<string, unknown>>(
  component: Component<Props>,
  props: Props,
): string {
  return render(component, { props }).body.replaceAll(/<!--[\s\S]*?-->/g, '')
}

const decode = (text: string) =>
  text
    .replaceAll(/<[^>]*>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
    .trim()

const all = (source: string, pattern: RegExp) =>
  [...source.matchAll(pattern)].map(([, x = '']) => x)
const part = (source: string, tag: string) =>
  source.slice(source.indexOf(`<${tag}`), source.indexOf(`</${tag}>`) + tag.length + 3)

/** The chart's drawing and its table, each as what they write. */
function read(body: string) {
  const svg = part(body, 'svg')
  const table = part(body, 'table')
  return {
    svg,
    table,
    drawnValues: all(svg, /<tspan class="chart-value">([^<]*)<\/tspan>/g),
    drawnWidths: all(svg, /class="chart-(?:bar|series-\d)"/g).length
      ? all(svg, /width="([\d.]+)%"[^>]*class="chart-(?:bar|series-\d)"/g).map(Number)
      : [],
    rows: all(table, /<tr>([\s\S]*?)<\/tr>/g).map((row) =>
      all(row, /<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g).map(decode),
    ),
  }
}

const funnel = [
  { label: 'Enrolled', value: 1200 },
  { label: 'Read', value: 950 },
  { label: 'Passed', value: 600 },
  { label: 'Completed', value: 0 },
]

describe('BarChart', () => {
  const props = {
    title: 'Funnel of Civic basics',
    description: 'How many learners reached each step.',
    labelHeader: 'Step',
    valueHeader: 'Learners',
    bars: funnel,
    shareOf: { total: 1200, header: 'Share of enrolled' },
  }

  it('is an image named by its title and description', () => {
    const { svg } = read(html(BarChart, props))
    const [labelled = ''] = all(svg, /aria-labelledby="([^"]+)"/g)
    expect(svg).toMatch(/^<svg[^>]*role="img"/)
    const [titleId, descId] = labelled.split(' ')
    expect(svg).toContain(`<title id="${titleId}">Funnel of Civic basics</title>`)
    expect(svg).toContain(`<desc id="${descId}">How many learners reached each step.</desc>`)
  })

  it('writes in its table the numbers its bars show, with the bars in proportion', () => {
    const { drawnValues, drawnWidths, rows, table } = read(html(BarChart, props))
    expect(table).toContain('<caption>Funnel of Civic basics</caption>')
    expect(rows[0]).toEqual(['Step', 'Learners', 'Share of enrolled'])
    expect(table.match(/<th scope="col"/g)).toHaveLength(3)
    expect(table.match(/<th scope="row"/g)).toHaveLength(4)
    const body = rows.slice(1)
    expect(body.map(([label]) => label)).toEqual(['Enrolled', 'Read', 'Passed', 'Completed'])
    expect(body.map(([, value]) => value)).toEqual(drawnValues)
    expect(drawnValues).toEqual(['1,200', '950', '600', '0'])
    expect(body.map(([, , shareText]) => shareText)).toEqual(['100%', '79.2%', '50%', '0%'])
    expect(drawnWidths).toEqual([100, (950 / 1200) * 100, 50, 0])
  })

  it('writes each bar’s label, value and share beside it, not by colour alone', () => {
    const { svg } = read(html(BarChart, props))
    const lines = all(svg, /<text[^>]*>([\s\S]*?)<\/text>/g).map(decode)
    expect(lines).toEqual([
      'Enrolled: 1,200 (100%)',
      'Read: 950 (79.2%)',
      'Passed: 600 (50%)',
      'Completed: 0 (0%)',
    ])
  })

  it('shortens a long label in the drawing only and keeps a note in the table', () => {
    const label = 'Which of these bodies advises the municipal assembly on interethnic relations?'
    const { svg, rows } = read(
      html(BarChart, {
        title: 'Facility',
        description: 'Share right per question.',
        labelHeader: 'Question',
        valueHeader: 'Right',
        noteHeader: 'Text',
        bars: [{ label, value: 0.25, note: 'the full text' }],
        max: 1,
        format: (value: number) => formatShare(value, 'en'),
      }),
    )
    expect(decode(all(svg, /<text[^>]*>([\s\S]*?)<\/text>/g)[0] ?? '')).toBe(
      'Which of these bodies advises the…: 25%',
    )
    expect(rows[1]).toEqual([label, 'the full text', '25%'])
    expect(read(html(BarChart, { ...props, bars: [] })).rows).toHaveLength(1)
  })

  it('escapes what it is given', () => {
    const body = html(BarChart, { ...props, bars: [{ label: '<b>x</b>', value: 1 }] })
    expect(body).not.toContain('<b>')
    expect(body).toContain('&lt;b>x&lt;/b>')
  })
})

describe('GroupedBarChart', () => {
  const props = {
    title: 'Quiz results per module',
    description: 'Pass rate and first-attempt pass rate of each module.',
    groupHeader: 'Module',
    series: ['Pass rate', 'First attempt', 'Locked'],
    groups: [
      { label: 'Introduction', values: [0.9, 0.75, 0] },
      { label: 'Services', values: [0.5, 0.2, 0.1] },
    ],
    max: 1,
    format: (value: number) => formatShare(value, 'en'),
  }

  it('is an image named by its title and description, with its data in a table', () => {
    const { svg, table, rows } = read(html(GroupedBarChart, props))
    expect(svg).toMatch(/^<svg[^>]*role="img"[^>]*aria-labelledby="([^" ]+) ([^" ]+)"/)
    expect(svg).toContain('<title id=')
    expect(svg).toContain('<desc id=')
    expect(table).toContain('<caption>Quiz results per module</caption>')
    expect(rows).toEqual([
      ['Module', 'Pass rate', 'First attempt', 'Locked'],
      ['Introduction', '90%', '75%', '0%'],
      ['Services', '50%', '20%', '10%'],
    ])
  })

  it('draws each value with its series’ name, as the table has it', () => {
    const { svg, drawnValues, drawnWidths, rows } = read(html(GroupedBarChart, props))
    expect(drawnValues).toEqual(rows.slice(1).flatMap((row) => row.slice(1)))
    expect(drawnWidths).toEqual([90, 75, 0, 50, 20, 10])
    const lines = all(svg, /<text[^>]*>([\s\S]*?)<\/text>/g).map(decode)
    expect(lines.slice(0, 4)).toEqual([
      'Introduction',
      'Pass rate: 90%',
      'First attempt: 75%',
      'Locked: 0%',
    ])
  })

  it('gives two charts on one page their own ids', () => {
    const page = html(TwoCharts, { props })
    const ids = all(page, /\bid="([^"]+)"/g)
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe('numbers', () => {
  it('are written in the reader’s language', () => {
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5')
    expect(formatNumber(1234.5, 'sr-Latn')).toBe('1.234,5')
    expect(formatShare(0.425, 'sr-Latn')).toMatch(/^42,5\s?%$/)
  })

  it('make a sliver of any count above nothing and never overflow', () => {
    expect(barWidth(1, 100_000)).toBe(0.5)
    expect(barWidth(0, 10)).toBe(0)
    expect(barWidth(5, 0)).toBe(0)
    expect(barWidth(12, 10)).toBe(100)
  })
})
