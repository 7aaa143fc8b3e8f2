import { type Kysely, sql } from 'kysely'

// Evaluation answers used to be stored in the learner's own `survey.submitted` event. Copy them,
// in random order, into survey_responses, then remove them from the events: the log keeps that
// the survey was submitted, not what was answered. The log is append-only; this one correction
// lifts the guard for its statement only.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    insert into survey_responses (course_id, course_version_id, step, cluster_id, language, answers, submitted_on)
    select e.course_id, e.course_version_id, p.payload->>'step', e.cluster_id, e.language,
           p.payload->'answers', (p.at at time zone 'UTC')::date
      from progression_events p
      join enrolments e on e.id = p.enrolment_id
     where p.type = 'survey.submitted' and p.payload ? 'answers'
     order by random()`.execute(db)
  await sql`alter table progression_events disable trigger progression_events_no_update`.execute(db)
  await sql`
    update progression_events set payload = payload - 'answers'
     where type = 'survey.submitted' and payload ? 'answers'`.execute(db)
  await sql`alter table progression_events enable trigger progression_events_no_update`.execute(db)
}
