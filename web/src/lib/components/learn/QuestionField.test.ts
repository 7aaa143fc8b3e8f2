import type { Answer, LearnerQuestion } from '@agora/server/contract'
import { render } from 'svelte/server'
import { describe, expect, it } from 'vitest'
import { answersFromForm } from '$lib/learn/answers'
import QuestionField from './QuestionField.svelte'

const options = (...ids: string[]) => ids.map((id) => ({ id, text: id.toUpperCase() }))
const pairs: [LearnerQuestion, Answer][] = [
  [
    { id: '1', kind: 'multiple-choice', text: 'One', format: 'plain', choices: options('a', 'b') },
    { choice: 'b' },
  ],
  [
    {
      id: '2',
      kind: 'multiple-answer',
      text: 'Two',
      format: 'plain',
      choices: options('a', 'b', 'c'),
    },
    { choices: ['a', 'c'] },
  ],
  [{ id: '3', kind: 'true-false', text: 'Three', format: 'plain' }, { value: false }],
  [{ id: '4', kind: 'short-answer', text: 'Four', format: 'plain' }, { text: 'a "quoted" <b>' }],
  [{ id: '5', kind: 'numerical', text: 'Five', format: 'plain' }, { number: 1.5 }],
  [{ id: '6', kind: 'essay', text: 'Six', format: 'plain' }, { text: 'lines\n& <i>more</i>' }],
  [
    {
      id: '7',
      kind: 'matching',
      text: 'Seven',
      format: 'plain',
      left: options('l1', 'l2'),
      right: options('r1', 'r2'),
    },
    { pairs: { l2: 'r1' } },
  ],
]
const cases = pairs.map(([question, answer]) => ({ kind: question.kind, question, answer }))

/** The server-rendered HTML, without the comments Svelte leaves for hydration. */
function html(question: LearnerQuestion, answer?: Answer): string {
  const { body } = render(QuestionField, { props: { question, number: 3, answer } })
  return body.replaceAll(/<!--[\s\S]*?-->/g, '')
}

function decode(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
}

interface Element {
  attributes: Map<string, string>
  content: string
}

// Attribute values may hold a bare '>': Svelte escapes only '"', '&' and '<' in them.
function elements(html: string, tag: string, closed = false): Element[] {
  const pattern = new RegExp(
    `<${tag}((?:"[^"]*"|[^">])*)>${closed ? `([\\s\\S]*?)</${tag}>` : ''}`,
    'g',
  )
  return [...html.matchAll(pattern)].map(([, attributes = '', content = '']) => ({
    attributes: new Map(
      [...attributes.matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map(([, key = '', value = '']) => [
        key,
        decode(value),
      ]),
    ),
    content,
  }))
}

/** What a browser would post from the server-rendered HTML, before any script runs. */
function formData(html: string): FormData {
  const form = new FormData()
  const post = (field: Element, value: string | undefined) =>
    form.append(field.attributes.get('name') ?? '', value ?? '')
  for (const input of elements(html, 'input')) {
    const type = input.attributes.get('type')
    if ((type !== 'radio' && type !== 'checkbox') || input.attributes.has('checked'))
      post(input, input.attributes.get('value'))
  }
  for (const textarea of elements(html, 'textarea', true)) post(textarea, decode(textarea.content))
  for (const select of elements(html, 'select', true)) {
    const selected = elements(select.content, 'option').find((option) =>
      option.attributes.has('selected'),
    )
    post(select, selected?.attributes.get('value'))
  }
  return form
}

describe('QuestionField', () => {
  it.each(cases)('posts the saved answer of a $kind question back unchanged', (c) => {
    expect(answersFromForm([c.question], formData(html(c.question, c.answer)))).toEqual({
      [c.question.id]: c.answer,
    })
  })

  it.each(cases)('posts nothing for an unanswered $kind question', ({ question }) => {
    expect(answersFromForm([question], formData(html(question)))).toEqual({})
  })

  it.each(cases)('puts a $kind question, as text, in the legend of its one fieldset', (c) => {
    const body = html({ ...c.question, text: '<b>Bold</b> & more' })
    expect(body.match(/<fieldset/g)).toHaveLength(1)
    expect(body).toMatch(/<legend>.*Question 3\.<\/span> &lt;b>Bold&lt;\/b> &amp; more<\/legend>/)
  })

  it.each(cases)('labels every control of a $kind question', ({ question }) => {
    const body = html(question)
    const ids = [...body.matchAll(/<(?:input|select|textarea)[^>]*\bid="([^"]+)"/g)].map(
      ([, id]) => id,
    )
    for (const id of ids) expect(body).toContain(`<label for="${id}"`)
    const wrapped = body.match(/<label>\s*<input/g)?.length ?? 0
    expect(ids.length + wrapped).toBe(body.match(/<(?:input|select|textarea)\b/g)?.length)
  })
})
