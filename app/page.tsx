import { BoardList } from "@/components/home/BoardList";
import { homeStrings as S } from "@/components/home/strings";
import styles from "./page.module.css";

export default function HomePage() {
  return (
    <main className={styles.page}>
      <header className={styles.header}>
        <div className={styles.brand}>
          <span className={styles.logo} aria-hidden="true">
            <span style={{ background: "#74C0FC" }} />
            <span style={{ background: "#FFE066" }} />
            <span style={{ background: "#FFA94D" }} />
          </span>
          <h1 className={styles.title}>{S.title}</h1>
        </div>
        <p className={styles.tagline}>{S.tagline}</p>
      </header>
      <BoardList />
    </main>
  );
}
