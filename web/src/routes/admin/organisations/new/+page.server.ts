import { fail } from '@sveltejs/kit'
import type { Association, Country, Municipality } from '@agora/server/contract'
import { apiCall, loadJson } from '$lib/server/api'
import { requireRole } from '$lib/server/guards'
import { textField } from '$lib/server/forms'
import { formErrors } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'

export const load: PageServerLoad = async (event) => {
  requireRole(event, ['admin'])
  const [countries, associations] = await Promise.all([
    loadJson<Country[]>(event, '/countries'),
    loadJson<Association[]>(event, '/associations'),
  ])
  return { isAdmin: true, countries, associations }
}

const apiFields = {
  countryCode: { id: 'new-country', message: m.admin_municipality_country_required },
  name: { id: 'new-name', message: m.admin_municipality_name_required },
  altNames: { id: 'new-alt-names', message: m.admin_municipality_alt_names_invalid },
  officialCode: { id: 'new-code', message: m.admin_municipality_code_invalid },
  associationSlug: { id: 'new-association', message: m.admin_municipality_association_invalid },
}

export const actions: Actions = {
  default: async (event) => {
    requireRole(event, ['admin'])
    const form = await event.request.formData()
    const values = {
      countryCode: textField(form, 'countryCode'),
      name: textField(form, 'name'),
      altNames: textField(form, 'altNames'),
      officialCode: textField(form, 'officialCode'),
      associationSlug: textField(form, 'associationSlug'),
    }
    const errors: Record<string, string> = {}
    if (!/^[A-Z]{2}$/.test(values.countryCode))
      errors['new-country'] = m.admin_municipality_country_required()
    if (!values.name || values.name.length > 200)
      errors['new-name'] = m.admin_municipality_name_required()
    if (values.officialCode.length > 32) errors['new-code'] = m.admin_municipality_code_invalid()
    const altNames = values.altNames
      .split(/[;|]/)
      .map((name) => name.trim())
      .filter(Boolean)
    if (altNames.length > 10 || altNames.some((name) => name.length > 200)) {
      errors['new-alt-names'] = m.admin_municipality_alt_names_invalid()
    }
    if (Object.keys(errors).length > 0) return fail(400, { values, errors })

    const result = await apiCall<Municipality>(event.fetch, 'POST', '/municipalities', {
      countryCode: values.countryCode,
      name: values.name,
      ...(altNames.length ? { altNames } : {}),
      ...(values.officialCode ? { officialCode: values.officialCode } : {}),
      ...(values.associationSlug ? { associationSlug: values.associationSlug } : {}),
    })
    if (!result.ok) {
      const apiErrors =
        result.status === 409
          ? { 'new-name': m.admin_municipality_exists() }
          : formErrors(result, apiFields)
      return fail(result.status, { values, errors: apiErrors })
    }
    return { created: { id: result.data.id, name: result.data.name } }
  },
}
