import { fail } from '@sveltejs/kit'
import type { Association, Invitation, Municipality, Page, User } from '@agora/server/contract'
import { apiCall, loadJson } from '$lib/server/api'
import { requireStaff, isAdmin } from '$lib/server/guards'
import { textField } from '$lib/server/forms'
import { formErrors } from '$lib/server/problems'
import { isRole, type Role, roles } from '$lib/components/staff/labels'
import { m } from '$lib/paraglide/messages'
import { getLocale, isLocale } from '$lib/paraglide/runtime'
import type { Actions, PageServerLoad } from './$types'

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Coordinators invite into their own association only, and only learners (the API enforces it too). */
const allowedRoles = (user: User): readonly Role[] => (isAdmin(user) ? roles : ['learner'])

async function associationsFor(
  event: Parameters<PageServerLoad>[0],
  user: User,
): Promise<Association[]> {
  const all = await loadJson<Association[]>(event, '/associations')
  return isAdmin(user) ? all : all.filter((association) => association.id === user.association?.id)
}

export const load: PageServerLoad = async (event) => {
  const user = requireStaff(event)
  const associations = await associationsFor(event, user)
  const slug =
    event.url.searchParams.get('association') ??
    (isAdmin(user) ? '' : (associations[0]?.slug ?? ''))
  const association = associations.find((candidate) => candidate.slug === slug) ?? null
  const mq = (event.url.searchParams.get('mq') ?? '').trim().slice(0, 100)
  let municipalities: Page<Municipality> = { items: [], total: 0, limit: 100, offset: 0 }
  if (association) {
    const query = new URLSearchParams({ association: association.slug, limit: '100' })
    if (mq) query.set('q', mq)
    municipalities = await loadJson<Page<Municipality>>(event, `/municipalities?${query}`)
  }
  return {
    isAdmin: isAdmin(user),
    timeZone: user.timeZone,
    associations,
    association,
    mq,
    municipalities,
    allowedRoles: allowedRoles(user),
    defaultLanguage: getLocale(),
  }
}

const apiFields = {
  email: { id: 'invite-email', message: m.admin_invite_email_invalid },
  name: { id: 'invite-name', message: m.admin_invite_name_required },
  roles: { id: 'invite-roles', message: m.admin_invite_roles_required },
  municipalityId: { id: 'invite-municipality', message: m.admin_invite_organisation_invalid },
  associationId: { id: 'invite-municipality', message: m.admin_invite_organisation_invalid },
  position: { id: 'invite-position', message: m.admin_invite_position_invalid },
  preferredLanguage: { id: 'invite-language', message: m.admin_invite_language_invalid },
}

export const actions: Actions = {
  default: async (event) => {
    const user = requireStaff(event)
    const form = await event.request.formData()
    const values = {
      email: textField(form, 'email'),
      name: textField(form, 'name'),
      roles: form.getAll('roles').filter(isRole),
      associationId: textField(form, 'associationId'),
      municipalityId: textField(form, 'municipalityId'),
      position: textField(form, 'position'),
      language: textField(form, 'language'),
    }
    const errors: Record<string, string> = {}
    if (!emailPattern.test(values.email) || values.email.length > 254)
      errors['invite-email'] = m.admin_invite_email_invalid()
    if (!values.name || values.name.length > 200)
      errors['invite-name'] = m.admin_invite_name_required()
    const permitted = allowedRoles(user)
    if (values.roles.length === 0 || values.roles.some((role) => !permitted.includes(role))) {
      errors['invite-roles'] = isAdmin(user)
        ? m.admin_invite_roles_required()
        : m.admin_invite_roles_learner_only()
    }
    if (values.position.length > 200) errors['invite-position'] = m.admin_invite_position_invalid()
    if (!isLocale(values.language)) errors['invite-language'] = m.admin_invite_language_invalid()
    if (Object.keys(errors).length > 0) return fail(400, { values, errors })

    const organisation = values.municipalityId
      ? { municipalityId: values.municipalityId }
      : values.associationId
        ? { associationId: values.associationId }
        : {}
    const result = await apiCall<Invitation>(event.fetch, 'POST', '/invitations', {
      email: values.email,
      name: values.name,
      roles: roles.filter((role) => values.roles.includes(role)),
      ...organisation,
      ...(values.position ? { position: values.position } : {}),
      preferredLanguage: values.language,
    })
    if (!result.ok) {
      const apiErrors =
        result.status === 409
          ? { 'invite-email': m.admin_invite_exists() }
          : formErrors(result, apiFields)
      return fail(result.status, { values, errors: apiErrors })
    }
    const { email, name, expiresAt } = result.data
    return { invitation: { email, name, expiresAt } }
  },
}
