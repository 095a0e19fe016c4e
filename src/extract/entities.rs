//! Named entities (strategy, platform, project, program, industry, organization).
